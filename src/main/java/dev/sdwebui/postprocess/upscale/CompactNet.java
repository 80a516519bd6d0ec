package dev.sdwebui.postprocess.upscale;

import ai.djl.ndarray.NDArray;
import dev.sdwebui.nn.Scopes;
import java.util.Map;

/**
 * Real-ESRGAN's SRVGGNetCompact (realesr-general-x4v3, realesr-animevideov3).
 * Ref: spandrel architectures/Compact/__arch/SRVGG.py and Compact/__init__.py:
 * {@code body.0} conv in -> nf, {@code body.1} PReLU [nf], then num_conv x (conv nf -> nf, PReLU), then
 * {@code body.(2 num_conv + 2)} conv nf -> out s^2; PixelShuffle(s); plus the input upsampled (nearest) by s.
 * num_conv = (last index - 2) / 2; s and out_nc from the last bias length.
 */
final class CompactNet implements UpscaleNet {

    private final NetParams p;
    private final int last;
    private final int scale;

    private CompactNet(NetParams p) {
        this.p = p;
        int maxIdx = 0;
        for (String k : p.keys()) {
            if (k.startsWith("body.")) {
                maxIdx = Math.max(maxIdx, Integer.parseInt(k.split("\\.")[1]));
            }
        }
        this.last = maxIdx;
        long in = p.dim("body.0.weight", 1);
        long shuffled = p.dim("body." + last + ".bias", 0);
        int s = (int) Math.round(Math.sqrt((double) shuffled / in));
        if (s < 1 || s * s * in != shuffled || (last - 2) % 2 != 0) {
            throw new UnsupportedUpscalerException("Compact (SRVGGNet) model with an unsupported layout: last conv "
                    + shuffled + " channels for " + in + " input channels");
        }
        this.scale = s;
    }

    static CompactNet load(NetParams params) {
        CompactNet net = new CompactNet(params);
        for (int i = 0; i <= net.last; i++) {
            params.get("body." + i + ".weight");
            if (i % 2 == 0) {
                params.get("body." + i + ".bias");
            }
        }
        params.checkAllUsed("Compact");
        return net;
    }

    static boolean detect(Map<String, NDArray> sd) {
        return sd.containsKey("body.0.weight") && sd.containsKey("body.1.weight");
    }

    @Override
    public String architecture() {
        return "Compact";
    }

    @Override
    public int scale() {
        return scale;
    }

    @Override
    public SizeRequirements sizeRequirements() {
        return SizeRequirements.NONE;
    }

    @Override
    public NDArray forward(NDArray x) {
        return Scopes.scoped(x, () -> {
            NDArray out = x;
            for (int i = 0; i <= last; i++) {
                out = i % 2 == 0 ? p.conv("body." + i, out) : p.ops().prelu(out, p.get("body." + i + ".weight"));
            }
            out = p.ops().pixelShuffle(out, scale);
            long h = x.getShape().get(2);
            long w = x.getShape().get(3);
            NDArray base = p.ops().interpolate(x, (int) h * scale, (int) w * scale, "nearest", false);
            return out.add(base);
        });
    }

    @Override
    public void close() {
        p.close();
    }
}
