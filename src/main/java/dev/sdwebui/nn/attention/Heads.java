package dev.sdwebui.nn.attention;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/** Head split/merge helpers: [B, N, H*d] <-> [B, H, N, d], and running a per-head kernel scoped. */
final class Heads {

    private Heads() {
    }

    static NDArray split(NDArray x, int heads) {
        long b = x.getShape().get(0);
        long n = x.getShape().get(1);
        long c = x.getShape().get(2);
        return x.reshape(b, n, heads, c / heads).transpose(0, 2, 1, 3);
    }

    static NDArray merge(NDArray x) {
        long b = x.getShape().get(0);
        long h = x.getShape().get(1);
        long n = x.getShape().get(2);
        long d = x.getShape().get(3);
        return x.transpose(0, 2, 1, 3).reshape(b, n, h * d);
    }

    /** An attention kernel over split heads: q [B, H, N, d], k/v [B, H, M, d] -> [B, H, N, d]. */
    @FunctionalInterface
    interface Kernel {
        NDArray apply(NDArray q, NDArray k, NDArray v, boolean causal);
    }

    /**
     * Splits q/k/v [B, N, H*d] into heads, runs {@code kernel} with every temporary in a sub-manager, and returns the
     * merged [B, N, H*d] result attached to q's manager (the inputs go back to their managers).
     */
    static NDArray attend(NDArray q, NDArray k, NDArray v, int heads, boolean causal, Kernel kernel) {
        NDManager out = q.getManager();
        try (NDManager s = out.newSubManager()) {
            q.tempAttach(s);
            k.tempAttach(s);
            v.tempAttach(s);
            NDArray r = merge(kernel.apply(split(q, heads), split(k, heads), split(v, heads), causal));
            r.attach(out);
            return r;
        }
    }
}
