package dev.sdwebui.nn;

import ai.djl.ndarray.NDArray;
import dev.sdwebui.tensor.script.KernelChecks;

/**
 * {@code <prefix>.weight [out, in]} and optional {@code <prefix>.bias [out]}: y = x W^T + b. Registered
 * with the model's {@link LayerTable} so extra networks can patch it ({@link PatchableLayer}).
 */
public final class Linear implements PatchableLayer {
    private final NnRuntime rt;
    private final NDArray weight;
    private NDArray bias; // replaced only by a network that brings a bias to a bias-less layer
    // rt.bf16() only: the kernel its self-test chose, with opaque bf16 weight copies (never inspect with DJL);
    // rebuilt when an extra network changes the weights
    private KernelChecks.Linear bf16;

    public Linear(NnRuntime rt, Weights w, boolean hasBias) {
        this.rt = rt;
        this.weight = w.get("weight");
        this.bias = hasBias ? w.get("bias") : null;
        weightsChanged();
        w.register(this);
    }

    public long outFeatures() {
        return weight.getShape().get(0);
    }

    /** x: [..., in] -> [..., out]. */
    public NDArray forward(NDArray x) {
        return bf16 != null ? bf16.forward(x) : rt.ops().linear(x, weight, bias);
    }

    @Override
    public Kind kind() {
        return Kind.LINEAR;
    }

    @Override
    public NDArray weight() {
        return weight;
    }

    @Override
    public NDArray bias() {
        return bias;
    }

    @Override
    public void replaceBias(NDArray b) {
        this.bias = b;
        weightsChanged();
    }

    @Override
    public void weightsChanged() {
        if (rt.bf16()) {
            KernelChecks.Linear old = bf16;
            bf16 = rt.kernels().linear(weight, bias); // the verdict is remembered: no new test
            if (old != null) {
                old.closeCopies(); // our own copies from before the weights changed
            }
        }
    }
}
