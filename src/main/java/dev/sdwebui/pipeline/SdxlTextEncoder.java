package dev.sdwebui.pipeline;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.sdwebui.nn.clip.ClipTextEncoder;
import dev.sdwebui.nn.clip.OpenClipTextEncoder;
import dev.sdwebui.prompt.cond.TextEncoder;
import java.util.List;

/**
 * SDXL's text conditioning as the prompt package's {@link TextEncoder}, so prompt schedules, AND, BREAK, long
 * prompts and emphasis work unchanged. Each token row of the result is packed as
 * <pre>
 *   base:    [CLIP-L hidden (CL) | bigG hidden (CG) | pooled (P)]     -> [n, 77, CL + CG + P]
 *   refiner: [bigG hidden (CG) | pooled (P) | aesthetic score (1)]    -> [n, 77, CG + P + 1]
 * </pre>
 * (pooled and score repeated on every token). {@link SdxlUNet} unpacks it: context = the hidden part,
 * y = [pooled | size embeddings] from the first token, which belongs to the prompt's first chunk as A1111's
 * {@code zs[0].pooled}.
 *
 * <p>Ref: A1111 sd_hijack_clip.py FrozenCLIPEmbedderForSDXLWithCustomWords (CLIP-L {@code hidden_states[layer_idx]},
 * layers - 1, no final norm; {@code hidden_states[-CLIP skip]} with sdxl_clip_l_skip), sd_hijack_open_clip.py
 * FrozenOpenCLIPEmbedder2WithCustomWords (bigG pads with 0 after the first end token; penultimate block; pooled),
 * sgm GeneralConditioner (crossattn concatenated on the channel axis), sd_models_xl.py get_learned_conditioning
 * (empty negative prompt: text parts zeroed; refiner aesthetic score).
 */
final class SdxlTextEncoder implements TextEncoder {

    /** The settings that shape SDXL's text conditioning. */
    record Options(boolean clipLSkip, double highAestheticScore, double lowAestheticScore) {
    }

    private final ClipTextEncoder clipL; // null for the refiner
    private final OpenClipTextEncoder bigG;
    private final Options options;

    SdxlTextEncoder(ClipTextEncoder clipL, OpenClipTextEncoder bigG, Options options) {
        this.clipL = clipL;
        this.bigG = bigG;
        this.options = options;
    }

    private int clipLWidth() {
        return clipL == null ? 0 : clipL.topology().width();
    }

    /** Width of the cross-attention part (the UNet's context_dim). */
    int contextWidth() {
        return clipLWidth() + bigG.topology().width();
    }

    int pooledWidth() {
        return bigG.pooledWidth();
    }

    boolean refiner() {
        return clipL == null;
    }

    @Override
    public int width() {
        return contextWidth() + pooledWidth() + (refiner() ? 1 : 0);
    }

    @Override
    public int[][] emphasisRanges() {
        int l = clipLWidth();
        return refiner() ? new int[][] {{0, bigG.topology().width()}} : new int[][] {{0, l}, {l, contextWidth()}};
    }

    /** tokens [n, 77] padded with the end token (CLIP-L's way); bigG gets 0 after the first end token. */
    @Override
    public NDArray encode(NDArray tokens, int clipSkip) {
        NDManager m = tokens.getManager();
        try (NDManager s = m.newSubManager()) {
            tokens.tempAttach(s);
            NDList parts = new NDList();
            if (clipL != null) {
                int layers = clipL.topology().layers();
                int skip = Math.max(1, Math.min(clipSkip, layers));
                parts.add(clipL.encodeHiddenState(tokens, options.clipLSkip() ? layers + 1 - skip : layers - 1, h -> h));
            }
            OpenClipTextEncoder.Output g = bigG.encodeWithPooled(openClipTokens(tokens, s), h -> h);
            long n = tokens.getShape().get(0);
            long t = tokens.getShape().get(1);
            parts.add(g.hidden());
            parts.add(g.pooled().reshape(n, 1, pooledWidth()).repeat(1, t));
            if (refiner()) {
                parts.add(s.zeros(new Shape(n, t, 1)));
            }
            NDArray out = NDArrays.concat(parts, 2);
            out.attach(m);
            return out;
        }
    }

    /** Ref: A1111 sd_hijack_clip.py process_tokens with id_pad = 0: every id after the first end token becomes 0. */
    private static NDArray openClipTokens(NDArray tokens, NDManager s) {
        long[] ids = tokens.toLongArray();
        int t = (int) tokens.getShape().get(1);
        for (int r = 0; r < ids.length / t; r++) {
            long end = ids[r * t + t - 1]; // a chunk always ends with the end token
            int j = 0;
            while (j < t && ids[r * t + j] != end) {
                j++;
            }
            for (j++; j < t; j++) {
                ids[r * t + j] = 0;
            }
        }
        return s.create(ids, tokens.getShape());
    }

    @Override
    public NDArray finish(NDArray z, List<String> texts, boolean negative) {
        boolean zero = negative && texts.stream().allMatch(String::isEmpty);
        if (!zero && !refiner()) {
            return z;
        }
        NDManager m = z.getManager();
        try (NDManager s = m.newSubManager()) {
            long text = contextWidth() + pooledWidth(); // crossattn + pooled: A1111 force_zero_embeddings=['txt']
            long[] shape = z.getShape().getShape();
            NDArray textPart = z.get(":, :, 0:{}", text);
            NDList parts = new NDList(zero ? s.zeros(new Shape(shape[0], shape[1], text)) : textPart);
            if (refiner()) {
                float score = (float) (negative ? options.lowAestheticScore() : options.highAestheticScore());
                parts.add(s.full(new Shape(shape[0], shape[1], 1), score));
            }
            NDArray out = parts.size() == 1 ? parts.get(0).duplicate() : NDArrays.concat(parts, 2);
            out.attach(m);
            return out;
        }
    }
}
