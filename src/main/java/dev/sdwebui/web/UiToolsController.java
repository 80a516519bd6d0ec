package dev.sdwebui.web;

import dev.sdwebui.config.DataPaths;
import dev.sdwebui.config.LaunchOptions;
import dev.sdwebui.config.SpringProperties;
import dev.sdwebui.config.settings.SettingsException;
import dev.sdwebui.config.settings.SettingsStore;
import dev.sdwebui.config.styles.PromptStyle;
import dev.sdwebui.config.styles.StylesStore;
import dev.sdwebui.infotext.ImageInfo;
import dev.sdwebui.infotext.ImageInfoReader;
import dev.sdwebui.infotext.InfotextParser;
import dev.sdwebui.model.registry.CheckpointInfo;
import dev.sdwebui.model.registry.CheckpointRegistry;
import dev.sdwebui.prompt.cond.TokenCount;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/**
 * The UI's helper routes that are not generation: token counts, infotext paste, PNG Info, styles,
 * settings, checkpoint refresh, open folder. Always on with the web UI (no --api needed).
 */
@RestController
@ConditionalOnProperty(name = SpringProperties.WEBUI_ENABLED, havingValue = "true")
class UiToolsController {

    private final TokenCounting tokens;
    private final SettingsStore settings;
    private final StylesStore styles;
    private final CheckpointRegistry checkpoints;
    private final DataPaths paths;
    private final LaunchOptions options;

    UiToolsController(TokenCounting tokens, SettingsStore settings, StylesStore styles, CheckpointRegistry checkpoints,
                      DataPaths paths, LaunchOptions options) {
        this.tokens = tokens;
        this.settings = settings;
        this.styles = styles;
        this.checkpoints = checkpoints;
        this.paths = paths;
        this.options = options;
    }

    @PostMapping(path = "/internal/token-count", consumes = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> tokenCount(@RequestBody Map<String, Object> body) {
        String text = String.valueOf(body.getOrDefault("text", ""));
        int steps = body.get("steps") instanceof Number n ? Math.max(1, n.intValue()) : 20;
        boolean positive = !Boolean.FALSE.equals(body.get("positive"));
        TokenCount c = tokens.count(text, steps, positive);
        return Map.of("tokens", c.tokens(), "max", c.max(), "display", c.display());
    }

    /**
     * The "↙" button: parses the infotext in the prompt box; with an empty box, the last generation's
     * params.txt (A1111 infotext_utils paste_func).
     */
    @PostMapping(path = "/internal/paste-params", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> paste(@RequestBody Map<String, Object> body) {
        String text = String.valueOf(body.getOrDefault("text", "")).strip();
        if (text.isEmpty()) {
            Path last = paths.dataDir().resolve("params.txt");
            try {
                text = Files.isRegularFile(last) ? Files.readString(last, StandardCharsets.UTF_8) : "";
            } catch (IOException e) {
                text = "";
            }
        }
        if (text.isBlank()) {
            return ResponseEntity.badRequest().body(Map.of("error", "nothing to paste: the prompt box is empty and no "
                    + "previous generation was recorded"));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("text", text);
        out.put("params", new InfotextParser().parse(text));
        return ResponseEntity.ok(out);
    }

    @PostMapping(path = "/internal/png-info", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<Map<String, Object>> pngInfo(@RequestPart("image") MultipartFile image) throws IOException {
        try {
            ImageInfo info = new ImageInfoReader().read(image.getBytes());
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("parameters", info.parameters());
            out.put("items", info.items());
            out.put("params", info.parameters() == null ? Map.of() : new InfotextParser().parse(info.parameters()));
            return ResponseEntity.ok(out);
        } catch (IllegalArgumentException e) {
            return ResponseEntity.badRequest().body(Map.of("error", e.getMessage()));
        }
    }

    @GetMapping("/internal/styles")
    List<PromptStyle> styles() {
        return styles.list();
    }

    /** The style editor's save: writes styles.csv (A1111 keeps a .bak copy, StylesStore does too). */
    @PostMapping(path = "/internal/styles", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> saveStyle(@RequestBody Map<String, String> body) {
        String name = body.getOrDefault("name", "").strip();
        if (name.isEmpty()) {
            return ResponseEntity.badRequest().body(Map.of("error", "a style needs a name"));
        }
        styles.put(new PromptStyle(name, body.getOrDefault("prompt", ""), body.getOrDefault("negative_prompt", "")));
        styles.save();
        return ResponseEntity.ok(Map.of("saved", name, "styles", styles.list().stream().map(PromptStyle::name).toList()));
    }

    /** Apply settings: all changed keys at once, all or nothing (SettingsStore checks frozen/restricted). */
    @PostMapping(path = "/internal/settings", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> applySettings(@RequestBody Map<String, Object> changes) {
        try {
            settings.setAll(changes);
            return ResponseEntity.ok(Map.of("changed", changes.keySet()));
        } catch (SettingsException e) {
            int status = e.reason() == SettingsException.Reason.FROZEN || e.reason() == SettingsException.Reason.RESTRICTED
                    ? 403 : 400;
            return ResponseEntity.status(status).body(Map.of("error", e.getMessage()));
        }
    }

    @PostMapping("/internal/refresh-checkpoints")
    Map<String, Object> refreshCheckpoints() {
        return Map.of("checkpoints", checkpoints.refresh().stream().map(CheckpointInfo::title).toList());
    }

    /** Open the outputs folder in the server's file manager; only when the server is this machine. */
    @PostMapping("/internal/open-folder")
    ResponseEntity<Map<String, Object>> openFolder(@RequestParam(name = "dir", defaultValue = "txt2img") String dir) {
        if (options.webuiIsNonLocal() || options.hideUiDirConfig()) {
            return ResponseEntity.status(403).body(Map.of("error", "opening folders is only possible when the server runs locally"));
        }
        Path folder = paths.outputsDir().resolve("txt2img".equals(dir) ? "txt2img-images" : "txt2img-grids");
        try {
            Files.createDirectories(folder);
            String os = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT);
            String tool = os.contains("win") ? "explorer" : os.contains("mac") ? "open" : "xdg-open";
            new ProcessBuilder(tool, folder.toString()).start();
            return ResponseEntity.ok(Map.of("opened", folder.toString()));
        } catch (IOException e) {
            return ResponseEntity.status(500).body(Map.of("error", "could not open " + folder + ": " + e.getMessage()));
        }
    }
}
