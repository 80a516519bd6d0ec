package dev.sdwebui.nn;

import ai.djl.ndarray.NDArray;

/** {@code <prefix>.weight [out, in, k, k]}, {@code <prefix>.bias [out]}; padding k/2 unless given. */
public final class Conv2d {
    private final NnRuntime rt;
    private final NDArray weight;
    private final NDArray bias;
    private final int stride;
    private final int pad;
    private final NDArray weightBf16; // opaque bf16 copies (rt.bf16() only): never inspect with DJL
    private final NDArray biasBf16;

    public Conv2d(NnRuntime rt, Weights w, int stride, int pad) {
        this.rt = rt;
        this.weight = w.get("weight");
        this.bias = w.get("bias");
        this.weightBf16 = rt.bf16() ? rt.ops().toBf16(weight) : null;
        this.biasBf16 = rt.bf16() ? rt.ops().toBf16(bias) : null;
        this.stride = stride;
        this.pad = pad;
    }

    /** Stride 1, "same" padding from the kernel size read from the weight shape. */
    public static Conv2d same(NnRuntime rt, Weights w) {
        long k = w.get("weight").getShape().get(2);
        return new Conv2d(rt, w, 1, (int) (k / 2));
    }

    public long outChannels() {
        return weight.getShape().get(0);
    }

    public long inChannels() {
        return weight.getShape().get(1);
    }

    /** x: [N, in, H, W] -> [N, out, H', W']. */
    public NDArray forward(NDArray x) {
        return weightBf16 != null ? rt.ops().conv2dBf16(x, weightBf16, biasBf16, stride, pad)
                : rt.ops().conv2d(x, weight, bias, stride, pad);
    }

    /** LDM VAE Downsample: pad (0,1,0,1) with zeros, then this conv at stride 2 without padding. */
    public NDArray forwardPadBottomRightStride2(NDArray x) {
        return rt.ops().conv2dPadBottomRightStride2(x, weight, bias);
    }
}
