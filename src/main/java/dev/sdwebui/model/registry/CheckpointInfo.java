package dev.sdwebui.model.registry;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One checkpoint file, as A1111's {@code CheckpointInfo} ({@code modules/sd_models.py}).
 *
 * @param name       path relative to its checkpoint folder, '/'-separated ("sub/v1-5.safetensors")
 * @param modelName  name without extension, '/' replaced by '_' (A1111's {@code model_name})
 * @param filename   absolute path
 * @param sha256     full SHA-256 (null with --no-hashing or until computed)
 * @param legacyHash A1111's old 8-hex model hash (sha256 of 64 KiB at 1 MiB)
 * @param config     a {@code .yaml} next to the checkpoint with the same stem, or null
 */
public record CheckpointInfo(String name, String modelName, Path filename, String sha256, String legacyHash,
                             Path config) {

    public CheckpointInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(modelName, "modelName");
        Objects.requireNonNull(filename, "filename");
    }

    /** First 10 hex of sha256 (A1111's shorthash, API {@code hash}), or null. */
    public String shortHash() {
        return sha256 == null ? null : sha256.substring(0, 10);
    }

    /** "name [shorthash]", or just the name without a hash. */
    public String title() {
        return sha256 == null ? name : name + " [" + shortHash() + "]";
    }

    /** The cache.json key. */
    public String cacheKey() {
        return "checkpoint/" + name;
    }

    /** Whether this checkpoint answers to the given id, like A1111's {@code CheckpointInfo.ids}. */
    public boolean matches(String id) {
        if (id == null || id.isBlank()) {
            return false;
        }
        String s = id.strip();
        return s.equals(title()) || s.equals(name) || s.equals(modelName) || s.equals(filename.toString())
                || s.equals(legacyHash) || s.equals(name + " [" + legacyHash + "]")
                || (sha256 != null && (s.equals(sha256) || s.equals(shortHash())));
    }

    /** A copy with the sha256 filled in. */
    public CheckpointInfo withSha256(String hash) {
        return new CheckpointInfo(name, modelName, filename, hash, legacyHash, config);
    }
}
