package dev.sdwebui.tensor.script;

import ai.djl.ndarray.NDArray;
import java.util.function.UnaryOperator;

/** One way to compute a linear layer from fp32 activations (see {@link ConvKernel}). */
public interface LinearKernel {

    String name();

    NDArray prepareWeight(NDArray w);

    NDArray prepareBias(NDArray b);

    /** x: [..., in] fp32 -> [..., out] fp32; b may be null. */
    NDArray apply(NDArray x, NDArray w, NDArray b);

    static LinearKernel fp32(TorchOps ops) {
        return new Simple("fp32", w -> w, ops::linear);
    }

    static LinearKernel bf16(TorchOps ops) {
        return new Simple("bf16", ops::toBf16, ops::linearBf16);
    }

    /** A kernel whose weight and bias are prepared alike. */
    record Simple(String name, UnaryOperator<NDArray> cast, Op op) implements LinearKernel {
        @Override
        public NDArray prepareWeight(NDArray w) {
            return cast.apply(w);
        }

        @Override
        public NDArray prepareBias(NDArray b) {
            return cast.apply(b);
        }

        @Override
        public NDArray apply(NDArray x, NDArray w, NDArray b) {
            return op.linear(x, w, b);
        }
    }

    /** linear(x, w, b). */
    @FunctionalInterface
    interface Op {
        NDArray linear(NDArray x, NDArray w, NDArray b);
    }
}
