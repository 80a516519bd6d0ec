package dev.sdwebui.prompt.cond;

/**
 * Replace the token-embedding output of {@code tokens[row, position .. position + count - 1]} with
 * {@code vectors} (row-major {@code [count, width]}), before the position embeddings are added.
 * This is how textual-inversion embeddings enter the text encoder. Positions index the 77-token
 * chunk including the start token; {@code count} is cut to the chunk
 * (A1111 {@code EmbeddingsWithFixes}: {@code emb_len = min(77 - position, n)}).
 */
public record TokenOverride(int row, int position, int count, float[] vectors) {
    public TokenOverride {
        if (row < 0 || position < 1 || count < 0 || vectors == null || vectors.length % Math.max(count, 1) != 0) {
            throw new IllegalArgumentException("bad token override: row " + row + ", position " + position);
        }
    }

    /** Vector width. */
    public int width() {
        return count == 0 ? 0 : vectors.length / count;
    }
}
