package dev.sdwebui.nn.clip;

import ai.djl.ndarray.NDArray;
import dev.sdwebui.nn.LayerNorm;
import dev.sdwebui.nn.Linear;
import dev.sdwebui.nn.NnRuntime;
import dev.sdwebui.nn.Weights;

/**
 * Ref: transformers modeling_clip.py CLIPEncoderLayer (pre-LN):
 * x += out_proj(causal_attn(q_proj, k_proj, v_proj of layer_norm1(x)));
 * x += fc2(quick_gelu(fc1(layer_norm2(x)))). All projections have biases; LN eps 1e-5.
 */
final class ClipEncoderLayer {
    private static final double EPS = 1e-5;
    private final NnRuntime rt;
    private final LayerNorm ln1;
    private final LayerNorm ln2;
    private final Linear q;
    private final Linear k;
    private final Linear v;
    private final Linear out;
    private final Linear fc1;
    private final Linear fc2;
    private final int heads;

    ClipEncoderLayer(NnRuntime rt, Weights w, int heads) {
        this.rt = rt;
        ln1 = new LayerNorm(rt, w.at("layer_norm1"), EPS);
        ln2 = new LayerNorm(rt, w.at("layer_norm2"), EPS);
        q = new Linear(rt, w.at("self_attn.q_proj"), true);
        k = new Linear(rt, w.at("self_attn.k_proj"), true);
        v = new Linear(rt, w.at("self_attn.v_proj"), true);
        out = new Linear(rt, w.at("self_attn.out_proj"), true);
        fc1 = new Linear(rt, w.at("mlp.fc1"), true);
        fc2 = new Linear(rt, w.at("mlp.fc2"), true);
        this.heads = heads;
    }

    /** x: [B, 77, C] -> [B, 77, C]. */
    NDArray forward(NDArray x) {
        NDArray n = ln1.forward(x);
        NDArray a = rt.attention().attend(q.forward(n), k.forward(n), v.forward(n), heads, true);
        NDArray h = x.add(out.forward(a));
        return h.add(fc2.forward(rt.ops().quickGelu(fc1.forward(ln2.forward(h)))));
    }
}
