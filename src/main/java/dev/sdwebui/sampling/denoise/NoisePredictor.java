package dev.sdwebui.sampling.denoise;

import ai.djl.ndarray.NDArray;

/**
 * The network as the samplers see it (the UNet, adapted by the pipeline): predicts eps (or v for
 * v-prediction models) for a batch.
 */
@FunctionalInterface
public interface NoisePredictor {

    /**
     * @param x       [B, 4, h, w] latent, already scaled by c_in for k-diffusion samplers
     * @param t       [B] float timesteps (0..999, fractional allowed)
     * @param context [B, 77*k, C] cross-attention conditioning
     * @return [B, 4, h, w] eps (or v), a new array owned by the caller
     */
    NDArray predict(NDArray x, NDArray t, NDArray context);
}
