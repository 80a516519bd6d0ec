package dev.sdwebui.nn.unet;

import ai.djl.ndarray.NDArray;
import dev.sdwebui.nn.ContextTransform;
import dev.sdwebui.nn.LayerTable;
import dev.sdwebui.nn.Linear;
import dev.sdwebui.nn.NnRuntime;
import dev.sdwebui.nn.Weights;

/**
 * Ref: CompVis ldm/modules/attention.py CrossAttention: to_q/to_k/to_v without bias, to_out.0
 * with bias; scale dim_head^-0.5 (applied by the backend). attn1: context = x; attn2: CLIP context.
 */
final class CrossAttention {
    private final NnRuntime rt;
    private final Linear toQ;
    private final Linear toK;
    private final Linear toV;
    private final Linear toOut;
    private final int heads;
    private final LayerTable table; // the model's hypernetworks (A1111 applies them in every CrossAttention)

    CrossAttention(NnRuntime rt, Weights w, int heads) {
        this.table = w.layers();
        this.rt = rt;
        toQ = new Linear(rt, w.at("to_q"), false);
        toK = new Linear(rt, w.at("to_k"), false);
        toV = new Linear(rt, w.at("to_v"), false);
        toOut = new Linear(rt, w.at("to_out.0"), true);
        this.heads = heads;
    }

    /** x: [B, N, C]; context: [B, M, Cc] or null for self-attention -> [B, N, C]. */
    NDArray forward(NDArray x, NDArray context) {
        NDArray c = context == null ? x : context;
        NDArray q = toQ.forward(x);
        NDArray ck = c;
        NDArray cv = c;
        for (ContextTransform h : table.contextTransforms()) { // Ref: hypernetwork.py apply_hypernetworks
            NDArray[] kv = h.apply(ck, cv);
            ck = kv[0];
            cv = kv[1];
        }
        NDArray k = toK.forward(ck);
        NDArray v = toV.forward(cv);
        return toOut.forward(rt.attention().attend(q, k, v, heads, false));
    }
}
