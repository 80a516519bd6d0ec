package dev.sdwebui.tensor.rng;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * One seeded stream of standard-normal numbers, the Java counterpart of a {@code torch.Generator}
 * (or A1111's {@code rng_philox.Generator}). Successive calls continue the stream, exactly as
 * successive {@code torch.randn(shape, generator=g)} calls do.
 *
 * <p>Not thread-safe: one generator belongs to one image of one job.
 */
public interface NoiseGenerator {

    /** The seed this stream was created from. */
    long seed();

    /** Draws the next {@code randn(shape)} as FLOAT32, attached to {@code manager}. */
    NDArray randn(NDManager manager, Shape shape);
}
