package dev.sdwebui.model.io;

import java.util.Arrays;

/**
 * A tensor inside the object tree of {@link WeightsReader#readObject}: its stored element type, its
 * shape and its elements as row-major fp32 (a heap copy; integer types are widened to float, exact up to
 * 2^24). Only for small files: checkpoints are read as NDArrays by {@link WeightsReader#read}.
 */
public record PickledTensor(StoredDType dtype, long[] shape, float[] data) {

    public PickledTensor {
        if (dtype == null || shape == null || data == null) {
            throw new IllegalArgumentException("dtype, shape and data are required");
        }
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        if (n != data.length) {
            throw new IllegalArgumentException("tensor data length " + data.length + " != shape " + Arrays.toString(shape));
        }
        shape = shape.clone();
        data = data.clone();
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    @Override
    public float[] data() {
        return data.clone();
    }

    @Override
    public String toString() {
        return "tensor" + Arrays.toString(shape) + " " + dtype;
    }
}
