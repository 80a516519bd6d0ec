package dev.sdwebui.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/** dtype casts at network boundaries (fp16 weights on CUDA; fp32 everywhere else). */
public final class Precision {

    private Precision() {
    }

    /** {@code x} itself when it already has {@code type}, else a cast copy in x's manager. */
    public static NDArray as(NDArray x, DataType type) {
        return x.getDataType() == type ? x : x.toType(type, false);
    }
}
