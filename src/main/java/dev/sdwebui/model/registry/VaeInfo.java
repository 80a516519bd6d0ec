package dev.sdwebui.model.registry;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One VAE file, as listed by A1111's {@code /sdapi/v1/sd-vae}.
 *
 * @param modelName file name with extension (A1111's {@code sd_vae.get_filename})
 * @param filename  absolute path
 * @param sha256    full SHA-256 or null (--no-hashing / not computed yet)
 */
public record VaeInfo(String modelName, Path filename, String sha256) {

    public VaeInfo {
        Objects.requireNonNull(modelName, "modelName");
        Objects.requireNonNull(filename, "filename");
    }

    /** First 10 hex of sha256 (A1111's VAE hash in infotext), or null. */
    public String shortHash() {
        return sha256 == null ? null : sha256.substring(0, 10);
    }
}
