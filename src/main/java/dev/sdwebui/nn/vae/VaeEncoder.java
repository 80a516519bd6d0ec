package dev.sdwebui.nn.vae;

import ai.djl.ndarray.NDArray;
import dev.sdwebui.nn.Conv2d;
import dev.sdwebui.nn.GroupNorm;
import dev.sdwebui.nn.NnRuntime;
import dev.sdwebui.nn.Scopes;
import dev.sdwebui.nn.Weights;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Ref: model.py Encoder (double_z): conv_in; per level {@code down.i.block.j} ResnetBlocks
 * (+ {@code down.i.attn.j} when present) and {@code down.i.downsample} (pad (0,1,0,1), 3x3 stride 2)
 * except the last; mid (block_1, attn_1, block_2); silu(norm_out); conv_out -> 2*z channels.
 */
final class VaeEncoder {
    private final Conv2d convIn;
    private final List<UnaryOperator<NDArray>> stages = new ArrayList<>();
    private final GroupNorm normOut;
    private final Conv2d convOut;

    VaeEncoder(NnRuntime rt, Weights w) {
        convIn = Conv2d.same(rt, w.at("conv_in"));
        for (int i = 0; w.has("down." + i + ".block.0.conv1.weight"); i++) {
            Weights level = w.at("down." + i);
            for (int j = 0; level.has("block." + j + ".conv1.weight"); j++) {
                VaeResBlock rb = new VaeResBlock(rt, level.at("block." + j));
                stages.add(rb::forward);
                if (level.has("attn." + j + ".q.weight")) {
                    VaeAttention a = new VaeAttention(rt, level.at("attn." + j));
                    stages.add(a::forward);
                }
            }
            if (level.has("downsample.conv.weight")) {
                Conv2d down = new Conv2d(rt, level.at("downsample.conv"), 2, 0);
                stages.add(down::forwardPadBottomRightStride2);
            }
        }
        VaeResBlock m1 = new VaeResBlock(rt, w.at("mid.block_1"));
        VaeAttention ma = new VaeAttention(rt, w.at("mid.attn_1"));
        VaeResBlock m2 = new VaeResBlock(rt, w.at("mid.block_2"));
        stages.add(m1::forward);
        stages.add(ma::forward);
        stages.add(m2::forward);
        normOut = new GroupNorm(rt, w.at("norm_out"), 1e-6);
        convOut = Conv2d.same(rt, w.at("conv_out"));
    }

    /** x: [B, 3, H, W] -> [B, 2*z, H/f, W/f]. */
    NDArray forward(NDArray x) {
        NDArray h = convIn.forward(x);
        for (UnaryOperator<NDArray> s : stages) {
            NDArray in = h;
            h = Scopes.scoped(in, () -> s.apply(in));
        }
        return convOut.forward(normOut.forwardSilu(h));
    }
}
