package dev.sdwebui.postprocess.upscale;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;

/**
 * SCUNet's {@code ConvTransBlock}. Ref: spandrel SCUNet.py ({@code ConvTransBlock}, {@code Block}, {@code WMSA}):
 * <pre>
 * x [1, 2d, H, W] -> conv1_1 (1x1) -> split into conv half and transformer half (d channels each)
 * conv half: + conv_block (3x3 no bias, ReLU, 3x3 no bias)
 * transformer half, as [1, H, W, d]: + WMSA(ln1(.)) then + MLP(ln2(.)) (Linear 4d, GELU, Linear)
 * x + conv1_2 (1x1) of both halves concatenated
 * </pre>
 * WMSA: heads = d / 32, windows of 8; "SW" blocks (odd positions) roll by -4 first and mask (-inf) the
 * token pairs that wrapped around in the last window row/column; relative-position bias from
 * {@code relative_position_params [nH, 15, 15]}.
 */
final class ScuBlock {

    private static final int WS = 8;
    private static final int HEAD_DIM = 32;

    private final NetParams p;
    private final String prefix;
    private final int d;
    private final int heads;
    private final boolean shifted;
    private final NDArray relBias; // [nH, 1, 1, N, N]

    ScuBlock(NetParams p, String prefix, boolean shifted) {
        this.p = p;
        this.prefix = prefix;
        this.shifted = shifted;
        this.d = (int) p.dim(prefix + ".trans_block.ln1.weight", 0);
        this.heads = d / HEAD_DIM;
        this.relBias = relativeEmbedding(p.get(prefix + ".trans_block.msa.relative_position_params").toFloatArray());
        for (String k : new String[] {"conv1_1.weight", "conv1_1.bias", "conv1_2.weight", "conv1_2.bias",
            "conv_block.0.weight", "conv_block.2.weight", "trans_block.ln1.bias", "trans_block.ln2.weight",
            "trans_block.ln2.bias", "trans_block.mlp.0.weight", "trans_block.mlp.0.bias", "trans_block.mlp.2.weight",
            "trans_block.mlp.2.bias", "trans_block.msa.embedding_layer.weight", "trans_block.msa.embedding_layer.bias",
            "trans_block.msa.linear.weight", "trans_block.msa.linear.bias"}) {
            p.get(prefix + "." + k);
        }
    }

    /** params[:, i1 - i2 + 7, j1 - j2 + 7] for token p = (i1, j1), q = (i2, j2). */
    private NDArray relativeEmbedding(float[] params) {
        int n = WS * WS;
        int side = 2 * WS - 1;
        float[] out = new float[heads * n * n];
        for (int h = 0; h < heads; h++) {
            for (int a = 0; a < n; a++) {
                for (int b = 0; b < n; b++) {
                    int di = a / WS - b / WS + WS - 1;
                    int dj = a % WS - b % WS + WS - 1;
                    out[(h * n + a) * n + b] = params[(h * side + di) * side + dj];
                }
            }
        }
        return p.manager().create(out, new Shape(heads, 1, 1, n, n));
    }

    /** x: [1, 2d, H, W] (H, W multiples of 8) -> same shape. */
    NDArray forward(NDArray x) {
        NDArray t = p.conv(prefix + ".conv1_1", x);
        NDArray conv = t.get(":, 0:" + d);
        NDArray trans = t.get(":, " + d + ":");
        NDArray c = p.ops().relu(p.conv(prefix + ".conv_block.0", conv));
        conv = p.conv(prefix + ".conv_block.2", c).add(conv);
        NDArray tr = trans.transpose(0, 2, 3, 1); // [1, H, W, d]
        String tb = prefix + ".trans_block";
        tr = tr.add(wmsa(p.layerNorm(tb + ".ln1", tr)));
        NDArray mlp = p.ops().gelu(p.linear(tb + ".mlp.0", p.layerNorm(tb + ".ln2", tr)));
        tr = tr.add(p.linear(tb + ".mlp.2", mlp));
        NDArray cat = NDArrays.concat(new NDList(conv, tr.transpose(0, 3, 1, 2)), 1);
        return x.add(p.conv(prefix + ".conv1_2", cat));
    }

    /** WMSA on x [1, H, W, d]. */
    private NDArray wmsa(NDArray x) {
        int h = (int) x.getShape().get(1);
        int w = (int) x.getShape().get(2);
        if (shifted) {
            x = p.ops().roll(x, -(WS / 2), -(WS / 2), 1, 2);
        }
        int hw = h / WS;
        int ww = w / WS;
        int n = WS * WS;
        NDArray win = x.reshape(1, hw, WS, ww, WS, d).transpose(0, 1, 3, 2, 4, 5).reshape(1, (long) hw * ww, n, d);
        String msa = prefix + ".trans_block.msa";
        NDArray qkv = p.linear(msa + ".embedding_layer", win).reshape(1, (long) hw * ww, n, 3L * heads, HEAD_DIM)
                .transpose(3, 0, 1, 2, 4); // [3 nH, 1, nW, N, hd]
        NDArray q = qkv.get("0:" + heads);
        NDArray k = qkv.get(heads + ":" + 2 * heads);
        NDArray v = qkv.get(2 * heads + ":");
        NDArray bias = shifted ? shiftMask(x, hw, ww).add(relBias) : relBias;
        NDArray out = p.ops().biasedAttention(q, k, v, bias, Math.pow(HEAD_DIM, -0.5)); // [nH, 1, nW, N, hd]
        out = p.linear(msa + ".linear", out.transpose(1, 2, 3, 0, 4).reshape(1, (long) hw * ww, n, d));
        out = out.reshape(1, hw, ww, WS, WS, d).transpose(0, 1, 3, 2, 4, 5).reshape(1, h, w, d);
        if (shifted) {
            out = p.ops().roll(out, WS / 2, WS / 2, 1, 2);
        }
        return out;
    }

    /** {@code generate_mask} as an additive [1, 1, nW, N, N] (-inf where masked). */
    private static NDArray shiftMask(NDArray like, int hw, int ww) {
        int n = WS * WS;
        int s = WS - WS / 2;
        float[] mask = new float[hw * ww * n * n];
        for (int wy = 0; wy < hw; wy++) {
            for (int wx = 0; wx < ww; wx++) {
                int base = (wy * ww + wx) * n * n;
                for (int a = 0; a < n; a++) {
                    for (int b = 0; b < n; b++) {
                        boolean m = wy == hw - 1 && (a / WS < s) != (b / WS < s)
                                || wx == ww - 1 && (a % WS < s) != (b % WS < s);
                        mask[base + a * n + b] = m ? Float.NEGATIVE_INFINITY : 0f;
                    }
                }
            }
        }
        return like.getManager().create(mask, new Shape(1, 1, (long) hw * ww, n, n));
    }
}
