package dev.sdwebui.tensor.script;

import ai.djl.ndarray.NDArray;

/** One way to compute a conv2d from fp32 activations: how its weights are stored and how it runs. */
public interface ConvKernel {

    String name();

    /** The weight [out, in, kh, kw] as this kernel wants it (a cast copy, or {@code w} itself). */
    NDArray prepareWeight(NDArray w);

    NDArray prepareBias(NDArray b);

    /** x: [N, in, H, W] fp32 -> fp32, with weights from the prepare methods. */
    NDArray apply(NDArray x, NDArray w, NDArray b, int stride, int pad);

    /** The fp32 reference: weights used as they are. */
    static ConvKernel fp32(TorchOps ops) {
        return new Simple("fp32", w -> w, b -> b, ops::conv2d);
    }

    /** bf16 weights, activations cast to bf16 in their layout (NCHW normally). */
    static ConvKernel bf16(TorchOps ops) {
        return new Simple("bf16", ops::toBf16, ops::toBf16, ops::conv2dBf16);
    }

    /** bf16 weights and activations both in channels-last order; the result keeps the input's order. */
    static ConvKernel bf16ChannelsLast(TorchOps ops) {
        return new Simple("bf16 channels-last", ops::toBf16ChannelsLast, ops::toBf16, ops::conv2dBf16ChannelsLast);
    }

    /** A kernel from three functions. */
    record Simple(String name, java.util.function.UnaryOperator<NDArray> weight,
                  java.util.function.UnaryOperator<NDArray> bias, Op op) implements ConvKernel {
        @Override
        public NDArray prepareWeight(NDArray w) {
            return weight.apply(w);
        }

        @Override
        public NDArray prepareBias(NDArray b) {
            return bias.apply(b);
        }

        @Override
        public NDArray apply(NDArray x, NDArray w, NDArray b, int stride, int pad) {
            return op.conv(x, w, b, stride, pad);
        }
    }

    /** conv(x, w, b, stride, pad). */
    @FunctionalInterface
    interface Op {
        NDArray conv(NDArray x, NDArray w, NDArray b, int stride, int pad);
    }
}
