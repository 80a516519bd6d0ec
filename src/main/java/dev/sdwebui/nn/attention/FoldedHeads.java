package dev.sdwebui.nn.attention;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import java.util.List;

/**
 * The {@code (b h) n d} layout that A1111's split optimizations work in
 * (einops {@code rearrange(t, 'b n (h d) -> (b h) n d')}), and the one computation they all slice:
 * softmax(q k^T * scale) v. Package-private helpers shared by the split/chunked backends.
 */
final class FoldedHeads {

    private FoldedHeads() {
    }

    /** [B, N, H*d] -> [B*H, N, d]. */
    static NDArray fold(NDArray x, int heads) {
        long b = x.getShape().get(0);
        long n = x.getShape().get(1);
        long c = x.getShape().get(2);
        return x.reshape(b, n, heads, c / heads).transpose(0, 2, 1, 3).reshape(b * heads, n, c / heads);
    }

    /** [B*H, N, d] -> [B, N, H*d]. */
    static NDArray unfold(NDArray x, int heads) {
        long bh = x.getShape().get(0);
        long n = x.getShape().get(1);
        long d = x.getShape().get(2);
        return x.reshape(bh / heads, heads, n, d).transpose(0, 2, 1, 3).reshape(bh / heads, n, heads * d);
    }

    /**
     * Ref: sd_hijack_optimizations.py einsum_op_compvis: s = einsum('b i d, b j d -> b i j', q, k) * scale;
     * softmax(-1); einsum('b i j, b j d -> b i d', s, v). q: [BH, n, d], k/v: [BH, m, d] -> [BH, n, d].
     * The scores [BH, n, m] are the temporary the split backends bound.
     */
    static NDArray attend(NDArray q, NDArray k, NDArray v, double scale, TempProbe probe) {
        NDArray s = q.matMul(k.transpose(0, 2, 1));
        probe.allocated("scores", s.getShape());
        if (scale != 1.0) {
            s = s.mul(scale);
        }
        return s.softmax(2).matMul(v);
    }

    /** x[from:to] along {@code axis} (0 or 1) as a view. */
    static NDArray slice(NDArray x, int axis, long from, long to) {
        return axis == 0 ? x.get(new NDIndex("{}:{}", from, to)) : x.get(new NDIndex(":, {}:{}", from, to));
    }

    /** Concatenates slices along {@code axis} into {@code out}'s manager. */
    static NDArray concat(List<NDArray> parts, int axis, NDManager out) {
        NDArray r = parts.size() == 1 ? parts.get(0) : ai.djl.ndarray.NDArrays.concat(new NDList(parts), axis);
        r.attach(out);
        return r;
    }
}
