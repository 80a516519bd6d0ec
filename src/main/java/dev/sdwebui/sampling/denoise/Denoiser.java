package dev.sdwebui.sampling.denoise;

import ai.djl.ndarray.NDArray;

/** k-diffusion's view of a model: {@code denoise(x, sigma)} gives the predicted clean latent x0. */
@FunctionalInterface
public interface Denoiser {

    /**
     * @param x     [B, 4, h, w] noisy latent at noise level sigma
     * @param sigma the noise level of every image of the batch
     * @return [B, 4, h, w] denoised x0, a new array owned by the caller
     */
    NDArray denoise(NDArray x, double sigma);
}
