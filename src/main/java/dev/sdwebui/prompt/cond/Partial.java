package dev.sdwebui.prompt.cond;

import java.util.ArrayList;
import java.util.List;

/** A chunk being filled: tokens, multipliers and embedding fixes (positions count the start token). */
final class Partial {
    final List<Integer> tokens = new ArrayList<>();
    final List<Float> multipliers = new ArrayList<>();
    final List<EmbeddingFix> fixes = new ArrayList<>();

    void add(int token, float multiplier) {
        tokens.add(token);
        multipliers.add(multiplier);
    }

    /**
     * A new partial holding the tokens from {@code from} on. As in A1111 ({@code reloc_tokens},
     * {@code reloc_mults}) the embedding fixes are not moved: they stay with the closed chunk.
     */
    Partial tail(int from) {
        Partial p = new Partial();
        p.tokens.addAll(tokens.subList(from, tokens.size()));
        p.multipliers.addAll(multipliers.subList(from, multipliers.size()));
        return p;
    }

    void truncate(int to) {
        tokens.subList(to, tokens.size()).clear();
        multipliers.subList(to, multipliers.size()).clear();
    }

    PromptChunk wrap(int startId, int endId) {
        int[] t = new int[PromptChunker.CHUNK_TOKENS];
        float[] m = new float[PromptChunker.CHUNK_TOKENS];
        java.util.Arrays.fill(t, endId);
        java.util.Arrays.fill(m, 1.0f);
        t[0] = startId;
        for (int i = 0; i < tokens.size() && i < PromptChunker.CHUNK_LENGTH; i++) {
            t[i + 1] = tokens.get(i);
            m[i + 1] = multipliers.get(i);
        }
        return new PromptChunk(t, m, fixes);
    }
}
