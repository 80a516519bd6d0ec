package dev.sdwebui.nn.network;

import ai.djl.ndarray.NDArray;
import dev.sdwebui.nn.PatchableLayer;

/**
 * A weight tensor no layer object owns (torch MultiheadAttention's {@code in_proj_weight} [3C, C] or
 * {@code out_proj.weight} [C, C] read raw by an OpenCLIP block), seen as a bias-less Linear for patching.
 */
record RawLayer(NDArray weight) implements PatchableLayer {

    @Override
    public Kind kind() {
        return Kind.LINEAR;
    }

    @Override
    public NDArray bias() {
        return null;
    }

    @Override
    public void replaceBias(NDArray bias) {
        throw new UnsupportedOperationException("a raw MultiheadAttention weight takes no bias here");
    }

    @Override
    public void weightsChanged() {
        // the block reads the tensor at every call
    }
}
