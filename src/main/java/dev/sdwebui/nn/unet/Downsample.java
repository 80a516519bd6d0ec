package dev.sdwebui.nn.unet;

import ai.djl.ndarray.NDArray;
import dev.sdwebui.nn.Conv2d;
import dev.sdwebui.nn.NnRuntime;
import dev.sdwebui.nn.Weights;

/** Ref: openaimodel.py Downsample(use_conv): 3x3 conv, stride 2, padding 1 ({@code op}). */
final class Downsample implements UNetLayer {
    private final Conv2d op;

    Downsample(NnRuntime rt, Weights w) {
        op = new Conv2d(rt, w.at("op"), 2, 1);
    }

    @Override
    public NDArray forward(NDArray x, NDArray emb, NDArray context) {
        return op.forward(x);
    }
}
