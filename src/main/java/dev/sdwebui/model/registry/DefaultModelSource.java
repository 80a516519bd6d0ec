package dev.sdwebui.model.registry;

import java.net.URI;
import java.util.Objects;

/**
 * Where the first-start model comes from (application.yml {@code sdwebui.default-model.*}, overridable by
 * the environment variables {@code SDWEBUI_DEFAULT_MODEL_URL} / {@code SDWEBUI_DEFAULT_MODEL_SHA256}).
 *
 * @param url      the file to download (A1111: Hugging Face {@code v1-5-pruned-emaonly.safetensors})
 * @param sha256   its expected sha256 (hex); the file is kept only when it matches
 * @param fileName the name it gets in models/Stable-diffusion
 */
public record DefaultModelSource(URI url, String sha256, String fileName) {

    public DefaultModelSource {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(fileName, "fileName");
        if (sha256 == null || !sha256.strip().matches("[0-9a-fA-F]{64}")) {
            throw new IllegalArgumentException("default model sha256 must be 64 hex digits, got: " + sha256);
        }
        if (fileName.isBlank() || fileName.contains("/") || fileName.contains("\\")) {
            throw new IllegalArgumentException("default model file name must be a plain file name: " + fileName);
        }
        sha256 = sha256.strip();
    }
}
