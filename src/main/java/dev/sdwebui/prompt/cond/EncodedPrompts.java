package dev.sdwebui.prompt.cond;

import ai.djl.ndarray.NDArray;
import dev.sdwebui.model.embedding.TextualInversion;
import java.util.List;

/**
 * Texts encoded together: {@code cond} is {@code [B, 77*k, C]} (k = most chunks among the texts;
 * shorter texts are padded with empty chunks, as A1111 does), plus the embeddings used and the
 * largest token count.
 */
public record EncodedPrompts(NDArray cond, List<TextualInversion> usedEmbeddings, int tokenCount) {
    public EncodedPrompts {
        usedEmbeddings = List.copyOf(usedEmbeddings);
    }
}
