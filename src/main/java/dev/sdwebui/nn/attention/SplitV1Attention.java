package dev.sdwebui.nn.attention;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;

/**
 * A1111 "V1" ({@code --opt-split-attention-v1}). Ref: sd_hijack_optimizations.py
 * split_cross_attention_forward_v1: for i in range(0, b*h, 2): s1 = einsum(q[i:i+2], k[i:i+2]) * scale;
 * softmax; r1[i:i+2] = einsum(s1, v[i:i+2]). The largest temporary is [2, n, m] whatever the batch.
 */
public final class SplitV1Attention extends FoldedAttention {

    private static final int HEADS_PER_SLICE = 2;

    public SplitV1Attention(TempProbe probe) {
        super(probe);
    }

    public SplitV1Attention() {
        this(TempProbe.NONE);
    }

    @Override
    NDArray attendFolded(NDManager scope, NDArray q, NDArray k, NDArray v, double scale) {
        long bh = q.getShape().get(0);
        List<NDArray> parts = new ArrayList<>();
        for (long i = 0; i < bh; i += HEADS_PER_SLICE) {
            long end = Math.min(i + HEADS_PER_SLICE, bh);
            parts.add(sliceAttend(scope, FoldedHeads.slice(q, 0, i, end), FoldedHeads.slice(k, 0, i, end),
                    FoldedHeads.slice(v, 0, i, end), scale));
        }
        return FoldedHeads.concat(parts, 0, scope);
    }

    @Override
    public String name() {
        return "V1";
    }
}
