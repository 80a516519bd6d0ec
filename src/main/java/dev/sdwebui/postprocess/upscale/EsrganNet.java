package dev.sdwebui.postprocess.upscale;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import dev.sdwebui.nn.Scopes;
import java.util.Map;

/**
 * ESRGAN / Real-ESRGAN RRDBNet in the old key layout ({@link EsrganKeys} converts the others).
 * Ref: spandrel architectures/ESRGAN/__arch/RRDB.py {@code RRDBNet} and __arch_helpers/block.py:
 * <pre>
 * model.0                conv in_nc -> nf                      x: [1, in_nc, H, W] -> [1, nf, H, W]
 * model.1.sub.0..nb-1    RRDB: 3 x RDB(5 convs, growth 32, LeakyReLU 0.2 on 1-4, out*0.2 + x), out*0.2 + x
 * model.1.sub.nb         trunk conv; the whole model.1 is a shortcut (+ model.0's output)
 * model.3, 6, ...        per 2x: nearest upsample, conv, LeakyReLU 0.2
 * model.(L-3), (L-1)     HR conv + LeakyReLU 0.2, last conv nf -> out_nc   (L = len(model) = 5 + 3 log2 s)
 * </pre>
 * Real-ESRGAN x2/x1 files take 4 or 16 times the channels: the input is reflect-padded to the shuffle
 * factor, pixel-unshuffled, and the output cropped (spandrel {@code shuffle_factor}).
 */
final class EsrganNet implements UpscaleNet {

    private final NetParams p;
    private final int nb;
    private final int seqLen;
    private final int ups;
    private final int shuffle;

    private EsrganNet(NetParams p) {
        this.p = p;
        int maxIdx = 0;
        int maxSub = 0;
        for (String k : p.keys()) {
            String[] parts = k.split("\\.");
            if (parts[0].equals("model")) {
                maxIdx = Math.max(maxIdx, Integer.parseInt(parts[1]));
            }
            if (k.startsWith("model.1.sub.")) {
                maxSub = Math.max(maxSub, Integer.parseInt(parts[3]));
            }
        }
        if (p.keys().stream().anyMatch(k -> k.contains(".conv1x1."))) {
            throw new UnsupportedUpscalerException("architecture ESRGAN+ (RRDB blocks with conv1x1) is not supported");
        }
        this.seqLen = maxIdx + 1;
        this.nb = maxSub;
        this.ups = (seqLen - 5) / 3;
        if (seqLen != 5 + 3 * ups || ups > 3 || !p.has("model." + (seqLen - 1) + ".weight")) {
            throw new UnsupportedUpscalerException("ESRGAN model with an unsupported layout (" + seqLen
                    + " top-level layers; supported: scales 1, 2, 4, 8 with upconv upsampling)");
        }
        long in = p.dim("model.0.weight", 1);
        long out = p.dim("model." + (seqLen - 1) + ".weight", 0);
        this.shuffle = in == out * 4 || in == out * 16 ? (int) Math.round(Math.sqrt((double) in / out)) : 0;
    }

    static EsrganNet load(NetParams params) {
        EsrganNet net = new EsrganNet(params);
        net.checkKeys();
        return net;
    }

    private void checkKeys() {
        // Touch every weight the forward pass reads, then refuse leftovers.
        p.get("model.0.weight");
        for (int i = 0; i < nb; i++) {
            for (int r = 1; r <= 3; r++) {
                for (int c = 1; c <= 5; c++) {
                    p.get(rdbConv(i, r, c) + ".weight");
                    p.get(rdbConv(i, r, c) + ".bias");
                }
            }
        }
        for (int k = 0; k < seqLen; k++) {
            if (k != 1 && p.has("model." + k + ".weight")) {
                p.get("model." + k + ".weight");
                p.get("model." + k + ".bias");
            }
        }
        p.get("model.1.sub." + nb + ".weight");
        p.get("model.1.sub." + nb + ".bias");
        p.checkAllUsed("ESRGAN");
    }

    @Override
    public String architecture() {
        return "ESRGAN";
    }

    @Override
    public int scale() {
        int s = 1 << ups;
        return shuffle > 0 ? s / shuffle : s;
    }

    @Override
    public SizeRequirements sizeRequirements() {
        return new SizeRequirements(2, shuffle > 0 ? 4 : 1);
    }

    @Override
    public NDArray forward(NDArray x) {
        return Scopes.scoped(x, () -> {
            long h = x.getShape().get(2);
            long w = x.getShape().get(3);
            NDArray in = x;
            if (shuffle > 0) {
                int ph = (int) ((shuffle - h % shuffle) % shuffle);
                int pw = (int) ((shuffle - w % shuffle) % shuffle);
                in = p.ops().pixelUnshuffle(ph > 0 || pw > 0 ? p.ops().padReflect(in, pw, ph) : in, shuffle);
            }
            NDArray fea = p.conv("model.0", in);
            NDArray trunk = fea;
            for (int i = 0; i < nb; i++) {
                int block = i;
                NDArray t = trunk;
                trunk = Scopes.scoped(t, () -> rrdb(block, t));
                if (t != fea) {
                    t.close(); // 23 blocks of [1, nf, H, W] would otherwise live until the call ends
                }
            }
            fea = fea.add(p.conv("model.1.sub." + nb, trunk));
            for (int k = 0; k < ups; k++) {
                fea = p.ops().leakyRelu(p.conv("model." + (3 * k + 3), p.ops().upsampleNearest2x(fea)), 0.2);
            }
            fea = p.ops().leakyRelu(p.conv("model." + (seqLen - 3), fea), 0.2);
            NDArray out = p.conv("model." + (seqLen - 1), fea);
            if (shuffle > 0) {
                long s = scale();
                out = out.get(":, :, 0:" + h * s + ", 0:" + w * s);
            }
            return out;
        });
    }

    /** RRDB: three residual dense blocks, then out * 0.2 + x. */
    private NDArray rrdb(int i, NDArray x) {
        NDArray out = x;
        for (int r = 1; r <= 3; r++) {
            out = rdb(i, r, out);
        }
        return out.mul(0.2f).add(x);
    }

    /** ResidualDenseBlock_5C: each conv sees the concatenation of x and all earlier outputs. */
    private NDArray rdb(int i, int r, NDArray x) {
        NDList feats = new NDList(x);
        for (int c = 1; c <= 4; c++) {
            NDArray cat = c == 1 ? x : NDArrays.concat(feats, 1);
            feats.add(p.ops().leakyRelu(p.conv(rdbConv(i, r, c), cat), 0.2));
        }
        NDArray x5 = p.conv(rdbConv(i, r, 5), NDArrays.concat(feats, 1));
        return x5.mul(0.2f).add(x);
    }

    private static String rdbConv(int i, int r, int c) {
        return "model.1.sub." + i + ".RDB" + r + ".conv" + c + ".0";
    }

    @Override
    public void close() {
        p.close();
    }

    static boolean detect(Map<String, NDArray> sd) {
        return sd.containsKey("model.0.weight") && (sd.containsKey("model.1.sub.0.RDB1.conv1.0.weight")
                || sd.containsKey("model.1.sub.0.RDB1.conv1x1.weight")) || EsrganKeys.isNewLayout(sd);
    }

}
