package dev.sdwebui.nn;

import ai.djl.ndarray.NDArray;

/**
 * {@code <prefix>.weight [out, in]} and optional {@code <prefix>.bias [out]}: y = x W^T + b. Registered
 * with the model's {@link LayerTable} so extra networks can patch it ({@link PatchableLayer}).
 */
public final class Linear implements PatchableLayer {
    private final NnRuntime rt;
    private final NDArray weight;
    private NDArray bias; // replaced only by a network that brings a bias to a bias-less layer
    private NDArray weightBf16; // opaque bf16 copies (rt.bf16() only): never inspect with DJL
    private NDArray biasBf16;

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
        return weightBf16 != null ? rt.ops().linearBf16(x, weightBf16, biasBf16) : rt.ops().linear(x, weight, bias);
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
            if (weightBf16 != null) { // our own copies from before the weights changed
                weightBf16.close();
                if (biasBf16 != null) {
                    biasBf16.close();
                }
            }
            this.weightBf16 = rt.ops().toBf16(weight);
            this.biasBf16 = bias != null ? rt.ops().toBf16(bias) : null;
        }
    }
}
