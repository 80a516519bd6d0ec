package dev.sdwebui.nn.unet;

import ai.djl.ndarray.NDArray;
import dev.sdwebui.nn.Conv2d;
import dev.sdwebui.nn.NnRuntime;
import dev.sdwebui.nn.Weights;

/** Ref: openaimodel.py Upsample(use_conv): nearest 2x then 3x3 conv ({@code conv}). */
final class Upsample implements UNetLayer {
    private final NnRuntime rt;
    private final Conv2d conv;

    Upsample(NnRuntime rt, Weights w) {
        this.rt = rt;
        conv = Conv2d.same(rt, w.at("conv"));
    }

    @Override
    public NDArray forward(NDArray x, NDArray emb, NDArray context) {
        return conv.forward(rt.ops().upsampleNearest2x(x));
    }
}
