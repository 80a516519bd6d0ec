package dev.sdwebui.nn.vae;

import ai.djl.ndarray.NDArray;
import dev.sdwebui.nn.Conv2d;
import dev.sdwebui.nn.GroupNorm;
import dev.sdwebui.nn.NnRuntime;
import dev.sdwebui.nn.Weights;

/**
 * Ref: ldm/modules/diffusionmodules/model.py ResnetBlock (temb_channels 0):
 * h = conv2(silu(norm2(conv1(silu(norm1(x)))))); nin_shortcut(x) + h. GN 32 groups, eps 1e-6.
 */
final class VaeResBlock {
    private static final double EPS = 1e-6;
    private final GroupNorm norm1;
    private final Conv2d conv1;
    private final GroupNorm norm2;
    private final Conv2d conv2;
    private final Conv2d shortcut;

    VaeResBlock(NnRuntime rt, Weights w) {
        norm1 = new GroupNorm(rt, w.at("norm1"), EPS);
        conv1 = Conv2d.same(rt, w.at("conv1"));
        norm2 = new GroupNorm(rt, w.at("norm2"), EPS);
        conv2 = Conv2d.same(rt, w.at("conv2"));
        boolean changes = conv1.inChannels() != conv2.outChannels();
        shortcut = changes || w.has("nin_shortcut.weight") ? Conv2d.same(rt, w.at("nin_shortcut")) : null;
    }

    /** x: [B, Cin, H, W] -> [B, Cout, H, W]. */
    NDArray forward(NDArray x) {
        NDArray h = conv2.forward(norm2.forwardSilu(conv1.forward(norm1.forwardSilu(x))));
        return h.add(shortcut == null ? x : shortcut.forward(x));
    }
}
