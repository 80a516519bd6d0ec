package dev.sdwebui.web;

import dev.sdwebui.config.DataPaths;
import dev.sdwebui.config.SpringProperties;
import dev.sdwebui.config.settings.SettingsStore;
import dev.sdwebui.model.embedding.EmbeddingDatabase;
import dev.sdwebui.model.embedding.SkippedEmbedding;
import dev.sdwebui.model.embedding.TextualInversion;
import dev.sdwebui.model.network.HypernetworkRegistry;
import dev.sdwebui.model.network.NetworkOnDisk;
import dev.sdwebui.model.network.NetworkRegistry;
import dev.sdwebui.model.registry.CheckpointInfo;
import dev.sdwebui.model.registry.CheckpointRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The Extra Networks cards on txt2img/img2img: the four pages (Textual Inversion, Hypernetworks, Checkpoints,
 * Lora) as JSON, their refresh, and the cards' preview images. A preview is looked up only next to a file the
 * registries list ({@code name.png}, then {@code name.preview.png}), so no request path reaches the disk.
 * Ref: A1111 ui_extra_networks.py {@code ExtraNetworksPage.find_preview}, {@code create_item}; the page order and
 * titles are those of A1111's tabs.
 */
@RestController
@ConditionalOnProperty(name = SpringProperties.WEBUI_ENABLED, havingValue = "true")
class ExtraNetworksUiController {

    /** One card: name shown, text the click inserts (or the checkpoint title), preview URL or null. */
    record Card(String name, String prompt, String preview, long mtime, String folder, Map<String, Object> user,
                Map<String, String> metadata) {
    }

    private static final List<String> PAGES = List.of("textual_inversion", "hypernetworks", "checkpoints", "lora");

    private final NetworkRegistry loras;
    private final HypernetworkRegistry hypernetworks;
    private final EmbeddingDatabase embeddings;
    private final CheckpointRegistry checkpoints;
    private final SettingsStore settings;
    private final DataPaths paths;

    ExtraNetworksUiController(NetworkRegistry loras, HypernetworkRegistry hypernetworks, EmbeddingDatabase embeddings,
                              CheckpointRegistry checkpoints, SettingsStore settings, DataPaths paths) {
        this.loras = loras;
        this.hypernetworks = hypernetworks;
        this.embeddings = embeddings;
        this.checkpoints = checkpoints;
        this.settings = settings;
        this.paths = paths;
    }

    @GetMapping("/internal/extra-networks")
    Map<String, Object> pages() {
        if (embeddings.version() == 0) {
            embeddings.refresh();
        }
        double multiplier = settings.get("extra_networks_default_multiplier") instanceof Number n ? n.doubleValue() : 1;
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("multiplier", multiplier);
        out.put("textual_inversion", embeddingCards());
        out.put("hypernetworks", hypernetworkCards(multiplier));
        out.put("checkpoints", checkpointCards());
        out.put("lora", loraCards(multiplier));
        return out;
    }

    /** The refresh button: rescans every folder (A1111 refreshes the page's own list). */
    @PostMapping("/internal/extra-networks/refresh")
    Map<String, Object> refresh() {
        loras.refresh();
        hypernetworks.refresh();
        embeddings.refresh();
        checkpoints.refresh();
        return pages();
    }

    @GetMapping("/internal/extra-networks/preview")
    ResponseEntity<byte[]> preview(@RequestParam("page") String page, @RequestParam("name") String name) {
        Optional<Path> file = modelFile(page, name).flatMap(ExtraNetworksUiController::previewOf);
        if (file.isEmpty()) {
            return ResponseEntity.notFound().build();
        }
        try {
            return ResponseEntity.ok().contentType(MediaType.IMAGE_PNG).cacheControl(CacheControl.noCache())
                    .body(Files.readAllBytes(file.get()));
        } catch (IOException e) {
            return ResponseEntity.notFound().build();
        }
    }

    private Optional<Path> modelFile(String page, String name) {
        return switch (page) {
            case "lora" -> loras.all().stream().filter(n -> n.name().equals(name)).map(NetworkOnDisk::path).findFirst();
            case "hypernetworks" -> Optional.ofNullable(hypernetworks.all().get(name));
            case "textual_inversion" -> embeddingFiles().entrySet().stream()
                    .filter(e -> e.getKey().equals(name)).map(Map.Entry::getValue).findFirst();
            case "checkpoints" -> checkpoints.list().stream().filter(c -> c.title().equals(name))
                    .map(CheckpointInfo::filename).findFirst();
            default -> Optional.empty();
        };
    }

    /** Ref: A1111 find_preview: {@code name.png} first, then {@code name.preview.png}, next to the model file. */
    static Optional<Path> previewOf(Path model) {
        String file = model.getFileName().toString();
        int dot = file.lastIndexOf('.');
        String stem = dot > 0 ? file.substring(0, dot) : file;
        for (String candidate : List.of(stem + ".png", stem + ".preview.png")) {
            Path p = model.resolveSibling(candidate);
            if (Files.isRegularFile(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    private Map<String, Path> embeddingFiles() {
        Map<String, Path> out = new LinkedHashMap<>();
        for (TextualInversion t : embeddings.loaded().values()) {
            if (t.file() != null) {
                out.put(t.name(), t.file());
            }
        }
        for (SkippedEmbedding s : embeddings.skipped().values()) {
            if (s.file() != null) {
                out.putIfAbsent(s.name(), s.file());
            }
        }
        return out;
    }

    private List<Card> embeddingCards() {
        List<Card> out = new ArrayList<>();
        embeddingFiles().forEach((name, file) -> out.add(card("textual_inversion", name, name, file,
                List.of(paths.embeddingsDir()))));
        return out;
    }

    private List<Card> hypernetworkCards(double multiplier) {
        List<Card> out = new ArrayList<>();
        hypernetworks.all().forEach((name, file) -> out.add(card("hypernetworks", name,
                "<hypernet:" + name + ":" + number(multiplier) + ">", file, List.of(paths.hypernetworkDir()))));
        return out;
    }

    private List<Card> checkpointCards() {
        return checkpoints.list().stream().map(c -> new Card(c.modelName(), c.title(), previewUrl("checkpoints",
                c.title(), c.filename()), mtime(c.filename()), folder(c.filename(), paths.checkpointDirs()),
                UserMetadata.read(c.filename()), Map.of())).toList();
    }

    private List<Card> loraCards(double multiplier) {
        return loras.all().stream().map(n -> {
            Map<String, Object> user = UserMetadata.read(n.path());
            return new Card(n.name(), UserMetadata.loraPrompt(n.name(), multiplier, user), previewUrl("lora", n.name(),
                    n.path()), mtime(n.path()), folder(n.path(), loras.dirs()), user, n.metadata());
        }).toList();
    }

    private static Card card(String page, String name, String prompt, Path file, List<Path> roots) {
        return new Card(name, prompt, previewUrl(page, name, file), mtime(file), folder(file, roots),
                UserMetadata.read(file), Map.of());
    }

    /** The card's metadata editor: writes A1111's {@code NAME.json} next to the model file. */
    @PostMapping(path = "/internal/extra-networks/metadata", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> saveMetadata(@org.springframework.web.bind.annotation.RequestBody
                                                     Map<String, Object> body) {
        String page = String.valueOf(body.get("page"));
        String name = String.valueOf(body.get("name"));
        Optional<Path> file = modelFile(page, name);
        if (file.isEmpty()) {
            return ResponseEntity.badRequest().body(Map.of("error", "no such " + page + " card: " + name));
        }
        try {
            UserMetadata.write(file.get(), body, "lora".equals(page));
            return ResponseEntity.ok(pages());
        } catch (IllegalArgumentException e) {
            return ResponseEntity.badRequest().body(Map.of("error", e.getMessage()));
        } catch (IOException e) {
            return ResponseEntity.status(500).body(Map.of("error", "cannot write the metadata: " + e.getMessage()));
        }
    }

    private static String previewUrl(String page, String name, Path file) {
        return previewOf(file).map(p -> "internal/extra-networks/preview?page=" + page + "&name="
                + java.net.URLEncoder.encode(name, java.nio.charset.StandardCharsets.UTF_8)
                + "&mtime=" + mtime(p)).orElse(null);
    }

    /** The sub-folder of the model folder that holds the file ("" at the top), for the folder filter. */
    static String folder(Path file, List<Path> roots) {
        Path parent = file.toAbsolutePath().normalize().getParent();
        for (Path root : roots) {
            Path r = root.toAbsolutePath().normalize();
            if (parent != null && parent.startsWith(r)) {
                return r.relativize(parent).toString().replace('\\', '/');
            }
        }
        return "";
    }

    private static long mtime(Path file) {
        try {
            return Files.getLastModifiedTime(file).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }

    /** As A1111's card JS writes {@code opts.extra_networks_default_multiplier} (a JS number): 1.0 -> "1", 0.8 -> "0.8". */
    static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
