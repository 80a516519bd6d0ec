package dev.sdwebui.nn.attention;

import ai.djl.ndarray.NDArray;

/** Head split/merge helpers: [B, N, H*d] <-> [B, H, N, d]. */
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
}
