package dev.sdwebui.prompt.cond;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.sdwebui.model.embedding.TextualInversion;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Encodes a batch of prompt texts chunk by chunk through the {@link TextEncoder} and applies emphasis.
 *
 * <p>Ref: A1111 sd_hijack_clip.py {@code forward} / {@code process_tokens} and sd_emphasis.py: all
 * texts' i-th chunks are encoded as one batch; "Original" emphasis restores the mean of that whole
 * batch chunk ({@code z.mean()} over {@code [B, 77, C]}), so texts encoded together (the steps of one
 * prompt schedule) influence each other's scaling exactly as in A1111.
 */
public final class PromptEncoder {

    private final TextEncoder encoder;
    private final PromptChunker chunker;
    private final ChunkSettings settings;

    public PromptEncoder(TextEncoder encoder, PromptChunker chunker, ChunkSettings settings) {
        this.encoder = encoder;
        this.chunker = chunker;
        this.settings = settings;
    }

    /** Encodes {@code texts} into {@code [B, 77*k, C]} attached to {@code manager}. */
    public EncodedPrompts encode(List<String> texts, NDManager manager) {
        Map<String, TokenizedPrompt> cache = new HashMap<>();
        List<TokenizedPrompt> batch = new ArrayList<>(texts.size());
        int tokenCount = 0;
        for (String t : texts) {
            TokenizedPrompt tp = cache.computeIfAbsent(t, chunker::tokenize);
            batch.add(tp);
            tokenCount = Math.max(tokenCount, tp.tokenCount());
        }
        int chunkCount = batch.stream().mapToInt(b -> b.chunks().size()).max().orElse(1);
        Map<String, TextualInversion> used = new LinkedHashMap<>();
        try (NDManager sub = manager.newSubManager()) {
            NDList zs = new NDList();
            for (int i = 0; i < chunkCount; i++) {
                List<PromptChunk> chunks = new ArrayList<>(batch.size());
                for (TokenizedPrompt tp : batch) {
                    chunks.add(i < tp.chunks().size() ? tp.chunks().get(i) : chunker.tokenize("").chunks().get(0));
                }
                chunks.forEach(c -> c.fixes().forEach(f -> used.put(f.embedding().name(), f.embedding())));
                zs.add(encodeChunk(chunks, sub));
            }
            NDArray cond = zs.size() == 1 ? zs.get(0) : NDArrays.concat(zs, 1);
            cond.attach(manager);
            return new EncodedPrompts(cond, new ArrayList<>(used.values()), tokenCount);
        }
    }

    /** One batch of chunks: tokens [B, 77] -> z [B, 77, C] with emphasis applied. */
    private NDArray encodeChunk(List<PromptChunk> chunks, NDManager sub) {
        int b = chunks.size();
        int n = PromptChunker.CHUNK_TOKENS;
        long[] tokens = new long[b * n];
        float[] mults = new float[b * n];
        List<TokenOverride> overrides = new ArrayList<>();
        for (int r = 0; r < b; r++) {
            PromptChunk c = chunks.get(r);
            int[] t = padAfterEnd(c.tokens());
            float[] m = c.multipliers();
            for (int j = 0; j < n; j++) {
                tokens[r * n + j] = t[j];
                mults[r * n + j] = m[j];
            }
            for (EmbeddingFix f : c.fixes()) {
                overrides.add(override(r, f, n));
            }
        }
        NDArray tok = sub.create(tokens, new Shape(b, n));
        NDArray z = encoder.encode(tok, settings.clipSkip(), overrides);
        z.attach(sub);
        return applyEmphasis(z, sub.create(mults, new Shape(b, n, 1)));
    }

    /** SD2: everything after the first end token becomes the encoder's pad id. */
    private int[] padAfterEnd(int[] tokens) {
        int pad = encoder.padTokenId();
        int end = tokens[tokens.length - 1]; // a chunk always ends with the end token
        if (pad < 0 || pad == end) {
            return tokens;
        }
        int first = 0;
        while (tokens[first] != end) {
            first++;
        }
        for (int j = first + 1; j < tokens.length; j++) {
            tokens[j] = pad;
        }
        return tokens;
    }

    private static TokenOverride override(int row, EmbeddingFix f, int n) {
        TextualInversion e = f.embedding();
        int count = Math.min(n - f.position(), e.vectorCount());
        float[] v = new float[count * e.width()];
        System.arraycopy(e.vectors(), 0, v, 0, v.length);
        return new TokenOverride(row, f.position(), count, v);
    }

    /**
     * z: [B, 77, C]; multipliers: [B, 77, 1]. Emphasis runs per {@link TextEncoder#emphasisRanges()} channel
     * range (one per text encoder), channels outside them are kept.
     */
    private NDArray applyEmphasis(NDArray z, NDArray multipliers) {
        int[][] ranges = encoder.emphasisRanges();
        long c = z.getShape().get(2);
        if (ranges.length == 1 && ranges[0][0] == 0 && ranges[0][1] == c) {
            return applyEmphasisTo(z, multipliers);
        }
        NDList parts = new NDList();
        long at = 0;
        for (int[] r : ranges) {
            if (r[0] > at) {
                parts.add(z.get(":, :, {}:{}", at, r[0]));
            }
            parts.add(applyEmphasisTo(z.get(":, :, {}:{}", r[0], r[1]), multipliers));
            at = r[1];
        }
        if (at < c) {
            parts.add(z.get(":, :, {}:", at));
        }
        return NDArrays.concat(parts, 2);
    }

    /** Ref: sd_emphasis.py EmphasisOriginal.after_transformers. */
    private NDArray applyEmphasisTo(NDArray z, NDArray multipliers) {
        switch (settings.emphasis()) {
            case ORIGINAL -> {
                NDArray originalMean = z.mean();
                NDArray weighted = z.mul(multipliers);
                NDArray newMean = weighted.mean();
                return weighted.mul(originalMean.div(newMean));
            }
            case NO_NORM -> {
                return z.mul(multipliers);
            }
            default -> {
                return z;
            }
        }
    }
}
