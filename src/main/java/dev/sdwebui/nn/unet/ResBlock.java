package dev.sdwebui.nn.unet;

import ai.djl.ndarray.NDArray;
import dev.sdwebui.nn.Conv2d;
import dev.sdwebui.nn.GroupNorm;
import dev.sdwebui.nn.Linear;
import dev.sdwebui.nn.NnRuntime;
import dev.sdwebui.nn.Weights;

/**
 * Ref: CompVis openaimodel.py ResBlock (use_scale_shift_norm false):
 * h = conv(silu(GN(x))); h += linear(silu(emb))[:, :, None, None]; h = conv(silu(GN(h))); skip(x) + h.
 * GroupNorm32: 32 groups, eps 1e-5. skip_connection is a 1x1 conv when channels change.
 */
final class ResBlock implements UNetLayer {
    private static final double EPS = 1e-5;
    private final NnRuntime rt;
    private final GroupNorm inNorm;
    private final Conv2d inConv;
    private final Linear embProj;
    private final GroupNorm outNorm;
    private final Conv2d outConv;
    private final Conv2d skip;

    ResBlock(NnRuntime rt, Weights w) {
        this.rt = rt;
        inNorm = new GroupNorm(rt, w.at("in_layers.0"), EPS);
        inConv = Conv2d.same(rt, w.at("in_layers.2"));
        embProj = new Linear(rt, w.at("emb_layers.1"), true);
        outNorm = new GroupNorm(rt, w.at("out_layers.0"), EPS);
        outConv = Conv2d.same(rt, w.at("out_layers.3"));
        // channels change -> a 1x1 skip conv must exist (a missing one is a clear missing-key error)
        boolean changes = inConv.inChannels() != outConv.outChannels();
        skip = changes || w.has("skip_connection.weight") ? Conv2d.same(rt, w.at("skip_connection")) : null;
    }

    @Override
    public NDArray forward(NDArray x, NDArray emb, NDArray context) {
        NDArray h = inConv.forward(inNorm.forwardSilu(x));
        // e: [B, C_out] -> [B, C_out, 1, 1]
        NDArray e = embProj.forward(rt.ops().silu(emb));
        h = h.add(e.reshape(e.getShape().get(0), e.getShape().get(1), 1, 1));
        h = outConv.forward(outNorm.forwardSilu(h));
        return (skip == null ? x : skip.forward(x)).add(h);
    }
}
