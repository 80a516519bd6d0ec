package dev.sdwebui.prompt.cond;

import dev.sdwebui.model.embedding.TextualInversion;

/**
 * A textual-inversion embedding placed in a chunk: its vectors replace the token embeddings at
 * positions {@code position .. position + vectorCount - 1} of the 77-token chunk (position counts the
 * start token, so the first prompt token is position 1). Ref: A1111 {@code PromptChunkFix(offset,
 * embedding)}, applied by {@code EmbeddingsWithFixes} at {@code offset + 1}.
 */
public record EmbeddingFix(int position, TextualInversion embedding) {
    public EmbeddingFix {
        if (position < 1 || embedding == null) {
            throw new IllegalArgumentException("position must be >= 1 and embedding non-null");
        }
    }
}
