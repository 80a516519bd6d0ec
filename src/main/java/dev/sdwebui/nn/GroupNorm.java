package dev.sdwebui.nn;

import ai.djl.ndarray.NDArray;

/** torch.nn.GroupNorm(32, C, eps) with affine {@code weight}/{@code bias} [C]. */
public final class GroupNorm implements PatchableLayer {
    private static final int GROUPS = 32;
    private final NnRuntime rt;
    private final NDArray weight;
    private final NDArray bias;
    private final double eps;

    public GroupNorm(NnRuntime rt, Weights w, double eps) {
        this.rt = rt;
        this.weight = w.get("weight");
        this.bias = w.get("bias");
        this.eps = eps;
        w.register(this);
    }

    @Override
    public Kind kind() {
        return Kind.GROUP_NORM;
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
        return rt.ops().groupNorm(x, GROUPS, weight, bias, eps);
    }

    /** silu(groupnorm(x)) fused in one call. */
    public NDArray forwardSilu(NDArray x) {
        return rt.ops().groupNormSilu(x, GROUPS, weight, bias, eps);
    }
}
