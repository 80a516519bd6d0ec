package dev.sdwebui.sampling.sampler;

/**
 * Per-step progress: called once per sampler step after the step's first denoiser call (k-diffusion
 * {@code callback}); {@code denoised} is the step's x0 prediction (the live-preview latent).
 */
@FunctionalInterface
public interface StepCallback {

    /**
     * @param step  0-based step index
     * @param total planned number of steps
     * @param sigma the step's sigma (0 for timestep samplers)
     * @param x     the latent at the step's start
     * @param denoised the step's x0 prediction
     */
    void onStep(int step, int total, double sigma, Latent x, Latent denoised);

    static StepCallback none() {
        return (step, total, sigma, x, denoised) -> { };
    }
}
