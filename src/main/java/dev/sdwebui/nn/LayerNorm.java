package dev.sdwebui.nn;

import ai.djl.ndarray.NDArray;

/** torch.nn.LayerNorm over the last dimension with {@code weight}/{@code bias}. */
public final class LayerNorm implements PatchableLayer {
    private final NnRuntime rt;
    private final NDArray weight;
    private final NDArray bias;
    private final double eps;

    public LayerNorm(NnRuntime rt, Weights w, double eps) {
        this.rt = rt;
        this.weight = w.get("weight");
        this.bias = w.get("bias");
        this.eps = eps;
        w.register(this);
    }

    @Override
    public Kind kind() {
        return Kind.LAYER_NORM;
    }

    @Override
    public NDArray weight() {
        return weight;
    }

    @Override
    public NDArray bias() {
        return bias;
    }

    public NDArray forward(NDArray x) {
        return rt.ops().layerNorm(x, weight, bias, eps);
    }
}
