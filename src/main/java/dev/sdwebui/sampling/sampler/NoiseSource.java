package dev.sdwebui.sampling.sampler;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * Sampler noise ({@code torch.randn_like(x)} in k-diffusion, hijacked by A1111 to draw from each
 * image's generator): the next [B, C, h, w] of the batch's per-image streams. The pipeline passes
 * {@code dev.sdwebui.tensor.rng.BatchNoise::next}.
 */
@FunctionalInterface
public interface NoiseSource {

    NDArray next(NDManager manager);
}
