package dev.sdwebui.pipeline;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;

/**
 * Pixels to the scaled latent the sampler starts from (A1111 {@code images_tensor_to_samples}).
 * A strategy so tests can bypass the VAE encoder.
 */
@FunctionalInterface
public interface LatentEncoder {

    /**
     * @param images [B, 3, H, W] in [-1, 1], in {@code manager}
     * @param seeds  one per image: the generator for the posterior sample
     * @return [B, 4, H/8, W/8] = (mean + std * randn) * scale_factor, in {@code manager}
     */
    NDArray encode(NDArray images, List<Long> seeds, NDManager manager);
}
