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
 * Ref: model.py Decoder: conv_in (z -> ch*mult[-1]); mid (block_1, attn_1, block_2); levels from the
 * deepest {@code up.i} (num_res_blocks+1 ResnetBlocks, then {@code up.i.upsample}: nearest 2x +
 * 3x3 conv, except level 0); silu(norm_out); conv_out -> 3 channels.
 */
final class VaeDecoder {
    private final Conv2d convIn;
    private final List<UnaryOperator<NDArray>> stages = new ArrayList<>();
    private final GroupNorm normOut;
    private final Conv2d convOut;

    VaeDecoder(NnRuntime rt, Weights w) {
        convIn = Conv2d.same(rt, w.at("conv_in"));
        VaeResBlock m1 = new VaeResBlock(rt, w.at("mid.block_1"));
        VaeAttention ma = new VaeAttention(rt, w.at("mid.attn_1"));
        VaeResBlock m2 = new VaeResBlock(rt, w.at("mid.block_2"));
        stages.add(m1::forward);
        stages.add(ma::forward);
        stages.add(m2::forward);
        int levels = 0;
        while (w.has("up." + levels + ".block.0.conv1.weight")) {
            levels++;
        }
        for (int i = levels - 1; i >= 0; i--) {
            Weights level = w.at("up." + i);
            for (int j = 0; level.has("block." + j + ".conv1.weight"); j++) {
                VaeResBlock rb = new VaeResBlock(rt, level.at("block." + j));
                stages.add(rb::forward);
                if (level.has("attn." + j + ".q.weight")) {
                    VaeAttention a = new VaeAttention(rt, level.at("attn." + j));
                    stages.add(a::forward);
                }
            }
            if (level.has("upsample.conv.weight")) {
                Conv2d up = Conv2d.same(rt, level.at("upsample.conv"));
                stages.add(x -> up.forward(rt.ops().upsampleNearest2x(x)));
            }
        }
        normOut = new GroupNorm(rt, w.at("norm_out"), 1e-6);
        convOut = Conv2d.same(rt, w.at("conv_out"));
    }

    /** z: [B, z, h, w] -> [B, 3, h*f, w*f]. */
    NDArray forward(NDArray z) {
        NDArray h = convIn.forward(z);
        for (UnaryOperator<NDArray> s : stages) {
            NDArray in = h;
            h = Scopes.scoped(in, () -> s.apply(in));
        }
        return convOut.forward(normOut.forwardSilu(h));
    }
}
