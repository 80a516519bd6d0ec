package dev.sdwebui.model.network;

import dev.sdwebui.model.io.WeightsFormatException;
import dev.sdwebui.model.io.WeightsReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The LoRA-family files of {@code --lora-dir} (models/Lora) and {@code --lyco-dir-backcompat}
 * (models/LyCORIS), by name and by alias. Thread-safe.
 *
 * <p>Ref: A1111 extensions-builtin/Lora/networks.py {@code list_available_networks} /
 * {@code process_network_files}: every {@code .pt}, {@code .ckpt}, {@code .safetensors} below the
 * folders (recursively); name = file stem, later files of the same name win; an alias used by two files
 * becomes "forbidden" (then only the exact file name finds it), as are {@code none} and {@code Addams}.
 */
public final class NetworkRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(NetworkRegistry.class);
    private static final Set<String> EXTENSIONS = Set.of(".pt", ".ckpt", ".safetensors");

    private final List<Path> dirs;
    private Map<String, NetworkOnDisk> byName = Map.of();
    private Map<String, NetworkOnDisk> byAlias = Map.of();
    private Set<String> forbidden = Set.of();
    private final Map<Path, String[]> hashes = new HashMap<>(); // path -> {mtime, sha256}

    /** @param dirs the Lora folder first, then the LyCORIS back-compat folder (missing ones are skipped) */
    public NetworkRegistry(List<Path> dirs) {
        this.dirs = List.copyOf(dirs);
    }

    public List<Path> dirs() {
        return dirs;
    }

    /** Rescans the folders (A1111 {@code list_available_networks}). */
    public synchronized void refresh() {
        Map<String, NetworkOnDisk> names = new LinkedHashMap<>();
        Map<String, NetworkOnDisk> aliases = new HashMap<>();
        Set<String> bad = new java.util.HashSet<>(Set.of("none", "Addams")); // A1111 checks name.lower(): only "none" bites
        for (Path file : files()) {
            String fn = file.getFileName().toString();
            String name = fn.substring(0, fn.lastIndexOf('.'));
            NetworkOnDisk entry = new NetworkOnDisk(name, null, file, metadata(file), null);
            names.put(name, entry);
            if (aliases.containsKey(entry.alias())) {
                bad.add(entry.alias().toLowerCase(Locale.ROOT));
            }
            aliases.put(name, entry);
            aliases.put(entry.alias(), entry);
        }
        byName = names;
        byAlias = aliases;
        forbidden = bad;
    }

    /** Every network, in scan order. */
    public synchronized List<NetworkOnDisk> all() {
        return List.copyOf(byName.values());
    }

    /**
     * The network a prompt's {@code <lora:NAME>} means: by alias or name, but only by exact file name when
     * the alias is ambiguous. Rescans once when not found (A1111 does the same before giving up).
     */
    public Optional<NetworkOnDisk> find(String mentioned) {
        Optional<NetworkOnDisk> hit = lookup(mentioned);
        if (hit.isEmpty()) {
            refresh();
            hit = lookup(mentioned);
        }
        return hit;
    }

    private synchronized Optional<NetworkOnDisk> lookup(String mentioned) {
        if (forbidden.contains(mentioned.toLowerCase(Locale.ROOT))) {
            return Optional.ofNullable(byName.get(mentioned));
        }
        return Optional.ofNullable(byAlias.get(mentioned));
    }

    /** The network's sha256 ({@code sshs_model_hash}, else {@link NetworkHashes}), cached per file mtime. */
    public synchronized String sha256(NetworkOnDisk n) {
        String meta = n.metadata().get("sshs_model_hash");
        if (meta != null && !meta.isEmpty()) {
            return meta;
        }
        try {
            String mtime = Files.getLastModifiedTime(n.path()).toString();
            String[] cached = hashes.get(n.path());
            if (cached != null && cached[0].equals(mtime)) {
                return cached[1];
            }
            String h = NetworkHashes.sha256(n.path());
            hashes.put(n.path(), new String[] {mtime, h});
            return h;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot hash " + n.path(), e);
        }
    }

    private List<Path> files() {
        List<Path> out = new ArrayList<>();
        for (Path dir : dirs) {
            if (dir == null || !Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> s = Files.walk(dir, java.nio.file.FileVisitOption.FOLLOW_LINKS)) {
                s.filter(Files::isRegularFile).filter(NetworkRegistry::supported)
                        .sorted(Comparator.comparing(p -> p.toString().toLowerCase(Locale.ROOT))).forEach(out::add);
            } catch (IOException | UncheckedIOException e) {
                LOG.warn("cannot list networks in {}: {}", dir, e.getMessage());
            }
        }
        return out;
    }

    private static boolean supported(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        int dot = n.lastIndexOf('.');
        return dot > 0 && EXTENSIONS.contains(n.substring(dot));
    }

    private static Map<String, String> metadata(Path file) {
        if (!file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".safetensors")) {
            return Map.of();
        }
        try {
            return WeightsReader.metadata(file);
        } catch (WeightsFormatException | RuntimeException e) {
            LOG.warn("reading lora {}: {}", file, e.getMessage());
            return Map.of();
        }
    }
}
