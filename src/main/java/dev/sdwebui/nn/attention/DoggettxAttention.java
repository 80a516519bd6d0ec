package dev.sdwebui.nn.attention;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * A1111 "Doggettx" ({@code --opt-split-attention}). Ref: sd_hijack_optimizations.py
 * split_cross_attention_forward: k *= scale; tensor_size = BH * n * m * elem; mem_required =
 * tensor_size * (3 for fp16, 2.5 otherwise); if it exceeds the free memory, steps = 2^ceil(log2(
 * required / free)) query slices of n // steps rows (more than 64 steps: "Not enough memory").
 * Free memory: the device's (CUDA) or the available RAM (CPU, /proc/meminfo MemAvailable).
 */
public final class DoggettxAttention extends FoldedAttention {

    private static final int ELEMENT_BYTES = 4;
    private static final double MODIFIER = 2.5;
    private static final long GB = 1L << 30;
    private final LongSupplier freeBytes;

    /** @param freeBytes free device memory, read at every call as A1111's get_available_vram() */
    public DoggettxAttention(LongSupplier freeBytes, TempProbe probe) {
        super(probe);
        this.freeBytes = freeBytes;
    }

    /** Number of query slices for a [bh, n, m] score tensor with {@code free} bytes available. */
    static int steps(long bh, long n, long m, long free) {
        double required = (double) bh * n * m * ELEMENT_BYTES * MODIFIER;
        int steps = 1;
        if (required > free) {
            steps = 1 << (int) Math.ceil(Math.log(required / Math.max(free, 1)) / Math.log(2));
        }
        if (steps > 64 || steps <= 0) {
            long maxRes = (long) Math.floor(Math.sqrt(Math.sqrt(free / 2.5)) / 8) * 64;
            throw new IllegalStateException(String.format("Not enough memory, use lower resolution (max approx. %dx%d). "
                    + "Need: %.1fGB free, Have:%.1fGB free", maxRes, maxRes, required / 64 / GB, (double) free / GB));
        }
        return steps;
    }

    @Override
    NDArray attendFolded(NDManager scope, NDArray q, NDArray k, NDArray v, double scale) {
        long bh = q.getShape().get(0);
        long n = q.getShape().get(1);
        long m = k.getShape().get(1);
        NDArray ks = k.mul(scale);
        int steps = steps(bh, n, m, freeBytes.getAsLong());
        long sliceSize = Math.max(n / steps, 1);
        List<NDArray> parts = new ArrayList<>();
        for (long i = 0; i < n; i += sliceSize) {
            long end = Math.min(i + sliceSize, n);
            parts.add(sliceAttend(scope, FoldedHeads.slice(q, 1, i, end), ks, v, 1.0));
        }
        return FoldedHeads.concat(parts, 1, scope);
    }

    @Override
    public String name() {
        return "Doggettx";
    }
}
