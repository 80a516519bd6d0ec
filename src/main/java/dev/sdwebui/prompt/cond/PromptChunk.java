package dev.sdwebui.prompt.cond;

import java.util.List;

/**
 * One 77-token chunk: {@code [start] + 75 tokens (padded with end) + [end]}, a multiplier per token
 * (1.0 on start, end and padding), and the embeddings placed in it.
 * Ref: A1111 sd_hijack_clip.py {@code PromptChunk}.
 */
public record PromptChunk(int[] tokens, float[] multipliers, List<EmbeddingFix> fixes) {

    public PromptChunk {
        if (tokens.length != PromptChunker.CHUNK_TOKENS || multipliers.length != tokens.length) {
            throw new IllegalArgumentException("a chunk has exactly 77 tokens and 77 multipliers");
        }
        tokens = tokens.clone();
        multipliers = multipliers.clone();
        fixes = List.copyOf(fixes);
    }

    @Override
    public int[] tokens() {
        return tokens.clone();
    }

    @Override
    public float[] multipliers() {
        return multipliers.clone();
    }
}
