package dev.sdwebui.nn;

import ai.djl.ndarray.NDArray;

/** {@code <prefix>.weight [out, in]} and optional {@code <prefix>.bias [out]}: y = x W^T + b. */
public final class Linear {
    private final NnRuntime rt;
    private final NDArray weight;
    private final NDArray bias;
    private final NDArray weightBf16; // opaque bf16 copies (rt.bf16() only): never inspect with DJL
    private final NDArray biasBf16;

    public Linear(NnRuntime rt, Weights w, boolean hasBias) {
        this.rt = rt;
        this.weight = w.get("weight");
        this.bias = hasBias ? w.get("bias") : null;
        this.weightBf16 = rt.bf16() ? rt.ops().toBf16(weight) : null;
        this.biasBf16 = rt.bf16() && bias != null ? rt.ops().toBf16(bias) : null;
    }

    public long outFeatures() {
        return weight.getShape().get(0);
    }

    /** x: [..., in] -> [..., out]. */
    public NDArray forward(NDArray x) {
        return weightBf16 != null ? rt.ops().linearBf16(x, weightBf16, biasBf16) : rt.ops().linear(x, weight, bias);
    }
}
