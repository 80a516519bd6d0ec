package dev.sdwebui.postprocess.upscale;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.sdwebui.nn.Scopes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * SwinIR (image restoration with Swin transformer layers). Ref: spandrel architectures/SwinIR/__arch/SwinIR.py
 * and SwinIR/__init__.py (hyper-parameters from shapes):
 * <pre>
 * x: [1, 3, H, W] -> reflect-pad to a multiple of the window -> (x - mean) * img_range
 * conv_first -> features F [1, C, h, w]
 * F + conv_after_body(norm(RSTB_n(...RSTB_1(patch_embed(F)))))      RSTB = blocks + conv + residual
 * upsampler: "nearest+conv" | "pixelshuffle" | "pixelshuffledirect" | "" (restoration: x + conv_last)
 * out / img_range + mean, cropped to [H s, W s]
 * </pre>
 * embed_dim = conv_first out channels, heads = relative_position_bias_table.shape[1], window =
 * sqrt(relative_position_index.shape[0]), img_range 255 only for window 7 (the JPEG models).
 */
final class SwinIrNet implements UpscaleNet {

    private static final float[] MEAN = {0.4488f, 0.4371f, 0.4040f};

    private final NetParams p;
    private final String upsampler;
    private final boolean threeConv;
    private final int window;
    private final int scale;
    private final float imgRange;
    private final List<List<SwinBlock>> layers = new ArrayList<>();
    private final NDArray mean; // [1, 3, 1, 1]

    private SwinIrNet(NetParams p) {
        this.p = p;
        if (p.has("conv_first.1.weight")) {
            throw new UnsupportedUpscalerException("SwinIR with a pixel-unshuffle input (conv_first.1) is not supported");
        }
        if (p.has("conv_before_upsample.0.weight")) {
            upsampler = p.has("conv_up1.weight") ? "nearest+conv" : "pixelshuffle";
        } else {
            upsampler = p.has("upsample.0.weight") ? "pixelshuffledirect" : "";
        }
        threeConv = !p.has("conv_after_body.weight");
        window = (int) Math.round(Math.sqrt(p.dim("layers.0.residual_group.blocks.0.attn.relative_position_index", 0)));
        imgRange = window == 7 ? 255f : 1f;
        scale = detectScale();
        int embed = (int) p.dim("conv_first.weight", 0);
        for (int i = 0; p.has("layers." + i + ".residual_group.blocks.0.norm1.weight"); i++) {
            List<SwinBlock> blocks = new ArrayList<>();
            for (int b = 0; p.has(block(i, b) + ".norm1.weight"); b++) {
                blocks.add(new SwinBlock(p, block(i, b), embed, window, b % 2 == 0 ? 0 : window / 2));
            }
            layers.add(blocks);
        }
        mean = p.manager().create(MEAN, new Shape(1, 3, 1, 1));
    }

    private int detectScale() {
        switch (upsampler) {
            case "nearest+conv":
                int n = (int) p.keys().stream().filter(k -> k.contains("conv_up") && !k.contains("bias")).count();
                return 1 << n;
            case "pixelshuffle":
                long nf = p.dim("upsample.0.weight", 1);
                if (p.dim("upsample.0.weight", 0) == 9 * nf) {
                    return 3;
                }
                return 1 << (int) p.keys().stream().filter(k -> k.matches("upsample\\.\\d+\\.weight")).count();
            case "pixelshuffledirect":
                long out = p.has("conv_last.weight") ? p.dim("conv_last.weight", 0) : p.dim("conv_first.weight", 1);
                return (int) Math.round(Math.sqrt((double) p.dim("upsample.0.bias", 0) / out));
            default:
                return 1;
        }
    }

    private static String block(int layer, int b) {
        return "layers." + layer + ".residual_group.blocks." + b;
    }

    static SwinIrNet load(NetParams params) {
        SwinIrNet net = new SwinIrNet(params);
        for (String k : params.keys()) {
            // Buffers spandrel recomputes for other sizes (attn_mask) or that we read at construction.
            if (k.endsWith(".attn_mask") || k.endsWith("relative_position_index")) {
                params.get(k);
            }
        }
        try (NDManager probe = params.manager().newSubManager()) {
            net.forward(probe.zeros(new Shape(1, params.dim("conv_first.weight", 1), net.window, net.window)));
        }
        params.checkAllUsed("SwinIR");
        return net;
    }

    static boolean detect(Map<String, NDArray> sd) {
        return sd.containsKey("layers.0.residual_group.blocks.0.norm1.weight")
                && (sd.containsKey("conv_first.weight") || sd.containsKey("conv_first.1.weight"))
                && sd.containsKey("layers.0.residual_group.blocks.0.mlp.fc1.bias")
                && sd.containsKey("layers.0.residual_group.blocks.0.attn.relative_position_index");
    }

    @Override
    public String architecture() {
        return "SwinIR";
    }

    @Override
    public int scale() {
        return scale;
    }

    @Override
    public SizeRequirements sizeRequirements() {
        return new SizeRequirements(16, 1);
    }

    @Override
    public NDArray forward(NDArray x) {
        return Scopes.scoped(x, () -> {
            int h = (int) x.getShape().get(2);
            int w = (int) x.getShape().get(3);
            int ph = (window - h % window) % window;
            int pw = (window - w % window) % window;
            NDArray in = ph > 0 || pw > 0 ? p.ops().padReflect(x, pw, ph) : x;
            in = in.sub(mean).mul(imgRange);
            NDArray first = p.conv("conv_first", in);
            NDArray feat = afterBody("conv_after_body", features(first)).add(first);
            NDArray out = upsample(feat, in);
            out = out.div(imgRange).add(mean);
            return out.get(":, :, 0:" + h * scale + ", 0:" + w * scale);
        });
    }

    /** forward_features: patch embed (+ norm), the RSTB layers, the final norm, unembed. x: [1, C, h, w]. */
    private NDArray features(NDArray x) {
        int h = (int) x.getShape().get(2);
        int w = (int) x.getShape().get(3);
        long c = x.getShape().get(1);
        NDArray t = x.reshape(1, c, (long) h * w).transpose(0, 2, 1); // [1, hw, C]
        if (p.has("patch_embed.norm.weight")) {
            t = p.layerNorm("patch_embed.norm", t);
        }
        for (int i = 0; i < layers.size(); i++) {
            NDArray start = t;
            NDArray res = start;
            for (SwinBlock b : layers.get(i)) {
                NDArray in = res;
                res = Scopes.scoped(in, () -> b.forward(in, h, w));
            }
            NDArray img = res.transpose(0, 2, 1).reshape(1, c, h, w);
            NDArray conv = afterBody("layers." + i + ".conv", img);
            t = conv.reshape(1, c, (long) h * w).transpose(0, 2, 1).add(start);
        }
        t = p.layerNorm("norm", t);
        return t.transpose(0, 2, 1).reshape(1, c, h, w);
    }

    /** resi_connection: "1conv" or "3conv" (conv C -> C/4, LReLU 0.2, 1x1, LReLU 0.2, conv C/4 -> C). */
    private NDArray afterBody(String prefix, NDArray x) {
        if (!threeConv) {
            return p.conv(prefix, x);
        }
        NDArray t = p.ops().leakyRelu(p.conv(prefix + ".0", x), 0.2);
        t = p.ops().leakyRelu(p.conv(prefix + ".2", t), 0.2);
        return p.conv(prefix + ".4", t);
    }

    private NDArray upsample(NDArray feat, NDArray in) {
        switch (upsampler) {
            case "nearest+conv": {
                // conv_before_upsample's LeakyReLU has torch's default slope 0.01; the others 0.2.
                NDArray t = p.ops().leakyRelu(p.conv("conv_before_upsample.0", feat), 0.01);
                for (int i = 1; (1 << i) <= scale; i++) {
                    t = p.ops().leakyRelu(p.conv("conv_up" + i, p.ops().upsampleNearest2x(t)), 0.2);
                }
                return p.conv("conv_last", p.ops().leakyRelu(p.conv("conv_hr", t), 0.2));
            }
            case "pixelshuffle": {
                NDArray t = p.ops().leakyRelu(p.conv("conv_before_upsample.0", feat), 0.01);
                if (scale == 3) {
                    t = p.ops().pixelShuffle(p.conv("upsample.0", t), 3);
                } else {
                    for (int i = 0; (1 << (i + 1)) <= scale; i++) {
                        t = p.ops().pixelShuffle(p.conv("upsample." + (2 * i), t), 2);
                    }
                }
                return p.conv("conv_last", t);
            }
            case "pixelshuffledirect":
                return p.ops().pixelShuffle(p.conv("upsample.0", feat), scale);
            default:
                return in.add(p.conv("conv_last", feat));
        }
    }

    @Override
    public void close() {
        p.close();
    }
}
