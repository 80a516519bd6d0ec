package dev.sdwebui.model.embedding;

import java.util.Arrays;

/** A float tensor read from an embedding file: {@code shape} and row-major fp32 {@code data}. */
public record TensorData(long[] shape, float[] data) {
    public TensorData {
        long n = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
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
}
