package dev.sdwebui.model.embedding;

import java.nio.file.Path;

/**
 * An embedding file that was not loaded, with the reason (wrong width for the loaded text encoder,
 * unreadable file, unknown layout). {@code embedding} is set when the file itself was valid (A1111
 * lists those under {@code skipped} in {@code GET /sdapi/v1/embeddings}).
 */
public record SkippedEmbedding(String name, Path file, String reason, TextualInversion embedding) {
    public SkippedEmbedding {
        if (name == null || reason == null) {
            throw new IllegalArgumentException("name and reason are required");
        }
    }
}
