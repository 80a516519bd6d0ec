package dev.sdwebui.nn.attention;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * The textbook computation with DJL ops, as the LDM CrossAttention writes it.
 * Ref: CompVis ldm/modules/attention.py CrossAttention.forward: sim = einsum(q, k) * scale; softmax; einsum(attn, v).
 * Memory: materialises [B, H, N, M] attention weights (1 GiB per call at 512x512 batch 2).
 */
public final class PlainAttention implements AttentionBackend {

    @Override
    public NDArray attend(NDArray q, NDArray k, NDArray v, int heads, boolean causal) {
        NDManager out = q.getManager();
        try (NDManager s = out.newSubManager()) {
            q.tempAttach(s);
            k.tempAttach(s);
            v.tempAttach(s);
            NDArray qh = Heads.split(q, heads);
            NDArray kh = Heads.split(k, heads);
            NDArray vh = Heads.split(v, heads);
            double scale = 1.0 / Math.sqrt(qh.getShape().get(3));
            NDArray sim = qh.matMul(kh.transpose(0, 1, 3, 2)).mul(scale);
            if (causal) {
                sim = sim.add(causalMask(s, sim.getShape().get(2), sim.getShape().get(3)));
            }
            NDArray r = Heads.merge(sim.softmax(3).matMul(vh));
            r.attach(out);
            return r;
        }
    }

    /** [N, M] with 0 on and below the diagonal and finfo(float32).min above (as HF CLIP). */
    private static NDArray causalMask(NDManager m, long n, long mm) {
        NDArray row = m.arange(0f, (float) n).reshape(n, 1);
        NDArray col = m.arange(0f, (float) mm).reshape(1, mm);
        NDArray above = col.broadcast(n, mm).gt(row.broadcast(n, mm));
        return above.toType(ai.djl.ndarray.types.DataType.FLOAT32, false).mul(-Float.MAX_VALUE);
    }

    @Override
    public String name() {
        return "plain";
    }
}
