package dev.sdwebui.nn;

import ai.djl.ndarray.NDArray;
import dev.sdwebui.tensor.script.Bf16Kernels;

/** {@code <prefix>.weight [out, in]} and optional {@code <prefix>.bias [out]}: y = x W^T + b. */
public final class Linear {
    private final NnRuntime rt;
    private final NDArray weight;
    private final NDArray bias;
    // rt.bf16() only: the kernel its self-test chose, with opaque bf16 weight copies (never inspect with DJL)
    private final Bf16Kernels.Linear bf16;

    public Linear(NnRuntime rt, Weights w, boolean hasBias) {
        this.rt = rt;
        this.weight = w.get("weight");
        this.bias = hasBias ? w.get("bias") : null;
        this.bf16 = rt.bf16() ? rt.bf16Kernels().linear(weight, bias) : null;
    }

    public long outFeatures() {
        return weight.getShape().get(0);
    }

    /** x: [..., in] -> [..., out]. */
    public NDArray forward(NDArray x) {
        return bf16 != null ? bf16.forward(x) : rt.ops().linear(x, weight, bias);
    }
}
