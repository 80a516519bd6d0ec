package dev.sdwebui.nn;

import ai.djl.ndarray.NDArray;
import dev.sdwebui.tensor.script.KernelChecks;

/**
 * {@code <prefix>.weight [out, in, k, k]}, {@code <prefix>.bias [out]}; padding k/2 unless given.
 * Registered with the model's {@link LayerTable} so extra networks can patch it.
 */
public final class Conv2d implements PatchableLayer {
    private final NnRuntime rt;
    private final NDArray weight;
    private final NDArray bias;
    private final int stride;
    private final int pad;
    // rt.bf16() only: the kernel its self-test chose, with opaque bf16 weight copies (never inspect with DJL);
    // rebuilt when an extra network changes the weights
    private KernelChecks.Conv bf16;
    // fp32 (rt.bf16() false): NCHW, or channels-last where the self-test found NCHW wrong for this shape
    private final KernelChecks.Conv fp32;

    public Conv2d(NnRuntime rt, Weights w, int stride, int pad) {
        this.rt = rt;
        this.weight = w.get("weight");
        this.bias = w.get("bias");
        this.stride = stride;
        this.pad = pad;
        this.fp32 = rt.bf16() ? null : rt.kernels().fp32Conv(weight, bias, stride, pad);
        weightsChanged();
        w.register(this);
    }

    @Override
    public Kind kind() {
        return Kind.CONV2D;
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
    public void weightsChanged() {
        if (rt.bf16()) {
            KernelChecks.Conv old = bf16;
            bf16 = rt.kernels().conv(weight, bias, stride, pad); // the verdict is remembered: no new test
            if (old != null) {
                old.closeCopies(); // our own copies from before the weights changed
            }
        }
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
        if (pad > 0 && rt.padding().circular()) {
            return Scopes.scoped(x, () -> conv(circularPad(x, pad), 0));
        }
        return conv(x, pad);
    }

    private NDArray conv(NDArray x, int padding) {
        KernelChecks.Conv k = bf16 != null ? bf16 : fp32;
        return padding == pad ? k.forward(x) : k.kernel().apply(x, k.weight(), k.bias(), stride, padding);
    }

    /**
     * torch's padding_mode='circular': x [N, C, H, W] -> [N, C, H+2p, W+2p] with the last p columns/rows
     * wrapped in front and the first p behind (Ref: torch.nn.functional.pad mode="circular").
     */
    static NDArray circularPad(NDArray x, int p) {
        long h = x.getShape().get(2);
        long w = x.getShape().get(3);
        NDArray wide = ai.djl.ndarray.NDArrays.concat(new ai.djl.ndarray.NDList(
                x.get(":, :, :, " + (w - p) + ":"), x, x.get(":, :, :, 0:" + p)), 3);
        return ai.djl.ndarray.NDArrays.concat(new ai.djl.ndarray.NDList(
                wide.get(":, :, " + (h - p) + ":, :"), wide, wide.get(":, :, 0:" + p + ", :")), 2);
    }

    /** LDM VAE Downsample: pad (0,1,0,1) with zeros, then this conv at stride 2 without padding. */
    public NDArray forwardPadBottomRightStride2(NDArray x) {
        return rt.ops().conv2dPadBottomRightStride2(x, weight, bias);
    }
}
