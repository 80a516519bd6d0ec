package dev.sdwebui.postprocess.upscale;

import ai.djl.ndarray.NDArray;
import dev.sdwebui.nn.Scopes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * SCUNet (Swin-Conv-UNet denoiser, scale 1). Ref: spandrel architectures/SCUNet/__arch/SCUNet.py:
 * <pre>
 * x0: reflect-pad to a multiple of 64
 * x1 = m_head (conv 3 -> dim)
 * x2 = m_down1(x1), x3 = m_down2(x2), x4 = m_down3(x3)   blocks then a 2x2 stride-2 conv
 * x  = m_body(x4)
 * x  = m_up3(x + x4); m_up2(x + x3); m_up1(x + x2)        2x2 stride-2 transposed conv then blocks
 * out = m_tail(x + x1) (conv dim -> 3), cropped back
 * </pre>
 * Block counts come from the stored stages (spandrel: {@code get_seq_len}); a block is "SW" (shifted) at odd
 * positions of its stage, since the stage resolutions of spandrel's input_resolution 256 all exceed the window.
 */
final class ScuNet implements UpscaleNet {

    private final NetParams p;
    private final List<List<ScuBlock>> stages = new ArrayList<>();
    private final int[] counts = new int[7];

    private static final String[] STAGES = {"m_down1", "m_down2", "m_down3", "m_body", "m_up3", "m_up2", "m_up1"};

    private ScuNet(NetParams p) {
        this.p = p;
        for (int s = 0; s < STAGES.length; s++) {
            boolean up = s >= 4;
            List<ScuBlock> blocks = new ArrayList<>();
            int first = up ? 1 : 0;
            for (int i = first; p.has(STAGES[s] + "." + i + ".trans_block.ln1.weight"); i++) {
                blocks.add(new ScuBlock(p, STAGES[s] + "." + i, (i - first) % 2 == 1));
            }
            counts[s] = blocks.size();
            stages.add(blocks);
        }
    }

    static ScuNet load(NetParams params) {
        ScuNet net = new ScuNet(params);
        params.get("m_head.0.weight");
        params.get("m_tail.0.weight");
        for (int s = 0; s < 3; s++) {
            params.get(STAGES[s] + "." + net.counts[s] + ".weight");
        }
        for (int s = 4; s < 7; s++) {
            params.get(STAGES[s] + ".0.weight");
        }
        params.checkAllUsed("SCUNet");
        return net;
    }

    static boolean detect(Map<String, NDArray> sd) {
        return sd.containsKey("m_head.0.weight") && sd.containsKey("m_tail.0.weight");
    }

    @Override
    public String architecture() {
        return "SCUNet";
    }

    @Override
    public int scale() {
        return 1;
    }

    @Override
    public SizeRequirements sizeRequirements() {
        return new SizeRequirements(40, 1);
    }

    @Override
    public NDArray forward(NDArray x) {
        return Scopes.scoped(x, () -> {
            long h = x.getShape().get(2);
            long w = x.getShape().get(3);
            int ph = (int) ((64 - h % 64) % 64);
            int pw = (int) ((64 - w % 64) % 64);
            NDArray x0 = ph > 0 || pw > 0 ? p.ops().padReflect(x, pw, ph) : x;
            NDArray x1 = p.conv("m_head.0", x0);
            NDArray x2 = down(0, x1);
            NDArray x3 = down(1, x2);
            NDArray x4 = down(2, x3);
            NDArray y = blocks(3, x4);
            y = up(4, y.add(x4));
            y = up(5, y.add(x3));
            y = up(6, y.add(x2));
            NDArray out = p.conv("m_tail.0", y.add(x1));
            return out.get(":, :, 0:" + h + ", 0:" + w);
        });
    }

    private NDArray blocks(int stage, NDArray x) {
        for (ScuBlock b : stages.get(stage)) {
            NDArray in = x;
            x = Scopes.scoped(in, () -> b.forward(in));
        }
        return x;
    }

    private NDArray down(int stage, NDArray x) {
        NDArray t = blocks(stage, x);
        return p.ops().conv2dNhwc(t, p.get(STAGES[stage] + "." + counts[stage] + ".weight"), null, 2, 0);
    }

    private NDArray up(int stage, NDArray x) {
        NDArray t = p.ops().convTranspose2dNoBias(x, p.get(STAGES[stage] + ".0.weight"), 2);
        return blocks(stage, t);
    }

    @Override
    public void close() {
        p.close();
    }
}
