package dev.sdwebui.postprocess.upscale;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * SwinIR's {@code SwinTransformerBlock} with its {@code WindowAttention}. Ref: spandrel SwinIR.py.
 * x: [1, H W, C] -> norm1 -> (shifted) windows [nW, ws^2, C] -> multi-head attention with the
 * relative-position bias (and, when shifted, the -100 mask between image regions) -> windows merged
 * back, shift undone -> + shortcut -> + MLP(norm2(x)) (fc1, exact GELU, fc2).
 */
final class SwinBlock {

    private final NetParams p;
    private final String prefix;
    private final int dim;
    private final int heads;
    private final int ws;
    private final int shift;
    private final NDArray relBias; // [1, nH, N, N], N = ws^2

    SwinBlock(NetParams p, String prefix, int dim, int window, int shift) {
        this.p = p;
        this.prefix = prefix;
        this.dim = dim;
        this.ws = window;
        this.shift = shift;
        NDArray table = p.get(prefix + ".attn.relative_position_bias_table"); // [(2ws-1)^2, nH]
        this.heads = (int) table.getShape().get(1);
        this.relBias = relativeBias(table.toFloatArray(), p.get(prefix + ".attn.relative_position_index"));
    }

    /** table[index.view(-1)].view(N, N, nH).permute(2, 0, 1), from the stored index buffer. */
    private NDArray relativeBias(float[] table, NDArray indexBuffer) {
        int n = ws * ws;
        long[] index = indexBuffer.toType(ai.djl.ndarray.types.DataType.INT64, false).toLongArray();
        float[] out = new float[heads * n * n];
        for (int h = 0; h < heads; h++) {
            for (int i = 0; i < n * n; i++) {
                out[h * n * n + i] = table[(int) index[i] * heads + h];
            }
        }
        return p.manager().create(out, new Shape(1, heads, n, n));
    }

    /** x: [1, H W, C] -> [1, H W, C]. */
    NDArray forward(NDArray x, int h, int w) {
        NDArray t = p.layerNorm(prefix + ".norm1", x).reshape(1, h, w, dim);
        if (shift > 0) {
            t = p.ops().roll(t, -shift, -shift, 1, 2);
        }
        int nw = (h / ws) * (w / ws);
        int n = ws * ws;
        NDArray win = t.reshape(1, h / ws, ws, w / ws, ws, dim).transpose(0, 1, 3, 2, 4, 5).reshape(nw, n, dim);
        NDArray qkv = p.linear(prefix + ".attn.qkv", win).reshape(nw, n, 3, heads, dim / heads)
                .transpose(2, 0, 3, 1, 4); // [3, nW, nH, N, hd]
        NDArray bias = shift > 0 ? shiftMask(x, h, w).add(relBias) : relBias; // never a weight as receiver
        double scale = Math.pow((double) dim / heads, -0.5);
        NDArray att = p.ops().biasedAttention(qkv.get(0), qkv.get(1), qkv.get(2), bias, scale); // [nW, nH, N, hd]
        att = p.linear(prefix + ".attn.proj", att.transpose(0, 2, 1, 3).reshape(nw, n, dim));
        t = att.reshape(1, h / ws, w / ws, ws, ws, dim).transpose(0, 1, 3, 2, 4, 5).reshape(1, h, w, dim);
        if (shift > 0) {
            t = p.ops().roll(t, shift, shift, 1, 2);
        }
        NDArray y = x.add(t.reshape(1, (long) h * w, dim));
        NDArray mlp = p.linear(prefix + ".mlp.fc1", p.layerNorm(prefix + ".norm2", y));
        return y.add(p.linear(prefix + ".mlp.fc2", p.ops().gelu(mlp)));
    }

    /**
     * {@code calculate_mask(x_size)} as [nW, 1, N, N]: the image is cut into 3x3 regions by
     * ({@code 0:-ws}, {@code -ws:-shift}, {@code -shift:}); tokens of one window in different regions get -100.
     */
    private NDArray shiftMask(NDArray like, int h, int w) {
        int[] region = new int[h * w];
        for (int y = 0; y < h; y++) {
            int ry = y < h - ws ? 0 : (y < h - shift ? 1 : 2);
            for (int x = 0; x < w; x++) {
                int rx = x < w - ws ? 0 : (x < w - shift ? 1 : 2);
                region[y * w + x] = ry * 3 + rx;
            }
        }
        int n = ws * ws;
        int nwx = w / ws;
        int nw = (h / ws) * nwx;
        float[] mask = new float[nw * n * n];
        for (int win = 0; win < nw; win++) {
            int oy = (win / nwx) * ws;
            int ox = (win % nwx) * ws;
            for (int i = 0; i < n; i++) {
                int ri = region[(oy + i / ws) * w + ox + i % ws];
                for (int j = 0; j < n; j++) {
                    int rj = region[(oy + j / ws) * w + ox + j % ws];
                    mask[(win * n + i) * n + j] = ri == rj ? 0f : -100f;
                }
            }
        }
        return like.getManager().create(mask, new Shape(nw, 1, n, n));
    }
}
