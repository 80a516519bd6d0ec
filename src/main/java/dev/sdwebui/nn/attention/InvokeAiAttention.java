package dev.sdwebui.nn.attention;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * A1111 "InvokeAI" ({@code --opt-split-attention-invokeai}). Ref: sd_hijack_optimizations.py
 * split_cross_attention_forward_invokeAI / einsum_op / einsum_op_tensor_mem: k *= scale;
 * size_mb = BH * n * m * elem // 2^20; if size_mb <= max_tensor_mb one einsum, else
 * div = 1 << bit_length(int((size_mb - 1) / max_tensor_mb)); slice the batch*heads dim by BH // div
 * when div <= BH, otherwise the query dim by max(n // div, 1). max_tensor_mb is 32 on CPU ("smaller
 * slices are faster due to L2/L3 caches") and free / 3.3 MiB on CUDA.
 */
public final class InvokeAiAttention extends FoldedAttention {

    private static final long MB = 1L << 20;
    private final LongSupplier maxTensorMb;

    /** @param maxTensorMb the slice budget in MiB (CPU: 32; CUDA: free bytes / 3.3 / 2^20) */
    public InvokeAiAttention(LongSupplier maxTensorMb, TempProbe probe) {
        super(probe);
        this.maxTensorMb = maxTensorMb;
    }

    /** A1111's CPU budget. */
    public static InvokeAiAttention cpu(TempProbe probe) {
        return new InvokeAiAttention(() -> 32, probe);
    }

    @Override
    NDArray attendFolded(NDManager scope, NDArray q, NDArray k, NDArray v, double scale) {
        long bh = q.getShape().get(0);
        long n = q.getShape().get(1);
        long m = k.getShape().get(1);
        NDArray ks = k.mul(scale);
        long budget = Math.max(maxTensorMb.getAsLong(), 1);
        long sizeMb = bh * n * m * 4 / MB;
        if (sizeMb <= budget) {
            return sliceAttend(scope, q, ks, v, 1.0);
        }
        long div = 1L << (64 - Long.numberOfLeadingZeros((sizeMb - 1) / budget));
        List<NDArray> parts = new ArrayList<>();
        if (div <= bh) {
            long step = bh / div;
            for (long i = 0; i < bh; i += step) {
                long end = Math.min(i + step, bh);
                parts.add(sliceAttend(scope, FoldedHeads.slice(q, 0, i, end), FoldedHeads.slice(ks, 0, i, end),
                        FoldedHeads.slice(v, 0, i, end), 1.0));
            }
            return FoldedHeads.concat(parts, 0, scope);
        }
        long step = Math.max(n / div, 1);
        for (long i = 0; i < n; i += step) {
            parts.add(sliceAttend(scope, FoldedHeads.slice(q, 1, i, Math.min(i + step, n)), ks, v, 1.0));
        }
        return FoldedHeads.concat(parts, 1, scope);
    }

    @Override
    public String name() {
        return "InvokeAI";
    }
}
