package dev.sdwebui.nn.unet;

import ai.djl.ndarray.NDArray;
import dev.sdwebui.nn.LayerNorm;
import dev.sdwebui.nn.Linear;
import dev.sdwebui.nn.NnRuntime;
import dev.sdwebui.nn.Weights;

/**
 * Ref: ldm/modules/attention.py BasicTransformerBlock (gated_ff):
 * x += attn1(norm1(x)); x += attn2(norm2(x), context); x += ff(norm3(x)),
 * ff = net.2(GEGLU(net.0.proj(x))), GEGLU = a * gelu(gate) with exact erf GELU. LayerNorm eps 1e-5.
 */
final class BasicTransformerBlock {
    private static final double EPS = 1e-5;
    private final NnRuntime rt;
    private final LayerNorm norm1;
    private final LayerNorm norm2;
    private final LayerNorm norm3;
    private final CrossAttention attn1;
    private final CrossAttention attn2;
    private final Linear ffIn;
    private final Linear ffOut;

    BasicTransformerBlock(NnRuntime rt, Weights w, int heads) {
        this.rt = rt;
        norm1 = new LayerNorm(rt, w.at("norm1"), EPS);
        norm2 = new LayerNorm(rt, w.at("norm2"), EPS);
        norm3 = new LayerNorm(rt, w.at("norm3"), EPS);
        attn1 = new CrossAttention(rt, w.at("attn1"), heads);
        attn2 = new CrossAttention(rt, w.at("attn2"), heads);
        ffIn = new Linear(rt, w.at("ff.net.0.proj"), true);
        ffOut = new Linear(rt, w.at("ff.net.2"), true);
    }

    /** x: [B, N, C], context: [B, 77, Cc]. */
    NDArray forward(NDArray x, NDArray context) {
        x = x.add(attn1.forward(norm1.forward(x), null));
        x = x.add(attn2.forward(norm2.forward(x), context));
        return x.add(ffOut.forward(rt.ops().geglu(ffIn.forward(norm3.forward(x)))));
    }
}
