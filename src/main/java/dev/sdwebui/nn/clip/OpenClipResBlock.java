package dev.sdwebui.nn.clip;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import dev.sdwebui.nn.LayerNorm;
import dev.sdwebui.nn.NnRuntime;
import dev.sdwebui.nn.Weights;

/**
 * Ref: open_clip transformer.py ResidualAttentionBlock (pre-LN, no layer scale):
 * x += out_proj(causal_mha(ln_1(x))) with the fused {@code attn.in_proj_weight} [3C, C] / {@code in_proj_bias} [3C]
 * split q|k|v; x += c_proj(gelu(c_fc(ln_2(x)))) with exact (erf) GELU. LN eps 1e-5.
 */
final class OpenClipResBlock {
    private static final double EPS = 1e-5;
    private final NnRuntime rt;
    private final LayerNorm ln1;
    private final LayerNorm ln2;
    private final NDArray inProjWeight; // [3C, C]
    private final NDArray inProjBias; // [3C]
    private final NDArray outProjWeight;
    private final NDArray outProjBias;
    private final NDArray fcWeight;
    private final NDArray fcBias;
    private final NDArray projWeight;
    private final NDArray projBias;
    private final int heads;

    OpenClipResBlock(NnRuntime rt, Weights w, int heads) {
        this.rt = rt;
        ln1 = new LayerNorm(rt, w.at("ln_1"), EPS);
        ln2 = new LayerNorm(rt, w.at("ln_2"), EPS);
        inProjWeight = w.get("attn.in_proj_weight");
        inProjBias = w.get("attn.in_proj_bias");
        outProjWeight = w.get("attn.out_proj.weight");
        outProjBias = w.get("attn.out_proj.bias");
        fcWeight = w.get("mlp.c_fc.weight");
        fcBias = w.get("mlp.c_fc.bias");
        projWeight = w.get("mlp.c_proj.weight");
        projBias = w.get("mlp.c_proj.bias");
        this.heads = heads;
    }

    /** x: [B, T, C] -> [B, T, C]. */
    NDArray forward(NDArray x) {
        NDList qkv = rt.ops().linear(ln1.forward(x), inProjWeight, inProjBias).split(3, 2); // 3 x [B, T, C]
        NDArray a = rt.attention().attend(qkv.get(0), qkv.get(1), qkv.get(2), heads, true);
        NDArray h = x.add(rt.ops().linear(a, outProjWeight, outProjBias));
        NDArray mlp = rt.ops().linear(rt.ops().gelu(rt.ops().linear(ln2.forward(h), fcWeight, fcBias)), projWeight, projBias);
        return h.add(mlp);
    }
}
