package dev.sdwebui.model.registry;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * A1111's {@code cache.json}: section "hashes" maps a title such as {@code "checkpoint/v1-5.safetensors"}
 * to {@code {"mtime": <seconds since epoch>, "sha256": "<hex>"}}; an entry is stale when the file's mtime
 * is newer than the recorded one ({@code modules/hashes.py: sha256_from_cache}). Other sections written by
 * other parts (or by A1111) are kept untouched.
 */
public final class HashCache {

    private static final String SECTION = "hashes";
    private final Path file;
    private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private ObjectNode root;

    public HashCache(Path file) {
        this.file = file;
    }

    /** The cached sha256 for this title if the file has not changed since. */
    public synchronized Optional<String> get(String title, Path path) throws IOException {
        ObjectNode entry = (ObjectNode) section().get(title);
        if (entry == null || !entry.hasNonNull("sha256") || !entry.hasNonNull("mtime")) {
            return Optional.empty();
        }
        double onDisk = mtime(path);
        return onDisk > entry.get("mtime").asDouble() ? Optional.empty() : Optional.of(entry.get("sha256").asText());
    }

    /** Records a hash and writes cache.json (atomically: temp file + move). */
    public synchronized void put(String title, Path path, String sha256) throws IOException {
        ObjectNode entry = section().putObject(title);
        entry.put("mtime", mtime(path));
        entry.put("sha256", sha256);
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        json.writeValue(tmp.toFile(), root);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The cached sha256, or computes, stores and returns it. */
    public String sha256(String title, Path path) throws IOException {
        Optional<String> cached = get(title, path);
        if (cached.isPresent()) {
            return cached.get();
        }
        String h = FileHashes.sha256(path);
        put(title, path, h);
        return h;
    }

    private ObjectNode section() throws IOException {
        if (root == null) {
            root = Files.isRegularFile(file) && Files.size(file) > 0
                    ? (ObjectNode) json.readTree(file.toFile()) : json.createObjectNode();
        }
        if (!(root.get(SECTION) instanceof ObjectNode)) {
            root.putObject(SECTION);
        }
        return (ObjectNode) root.get(SECTION);
    }

    private static double mtime(Path p) throws IOException {
        return Files.getLastModifiedTime(p).toMillis() / 1000.0;
    }
}
