package dev.sdwebui.nn;

import ai.djl.ndarray.NDArray;

/** {@code <prefix>.weight [out, in]} and optional {@code <prefix>.bias [out]}: y = x W^T + b. */
public final class Linear {
    private final NnRuntime rt;
    private final NDArray weight;
    private final NDArray bias;

    public Linear(NnRuntime rt, Weights w, boolean hasBias) {
        this.rt = rt;
        this.weight = w.get("weight");
        this.bias = hasBias ? w.get("bias") : null;
    }

    public long outFeatures() {
        return weight.getShape().get(0);
    }

    /** x: [..., in] -> [..., out]. */
    public NDArray forward(NDArray x) {
        return rt.ops().linear(x, weight, bias);
    }
}
