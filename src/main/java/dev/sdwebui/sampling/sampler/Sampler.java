package dev.sdwebui.sampling.sampler;

import ai.djl.ndarray.NDArray;
import dev.sdwebui.sampling.denoise.Denoiser;
import dev.sdwebui.sampling.denoise.SamplingInterruptedException;

/**
 * A k-diffusion sampler: integrates from sigmas[0] down to the last sigma with {@code denoise(x, sigma)}.
 * Implementations override {@link #run}; {@link #sample} adds A1111's interrupt handling.
 */
public abstract class Sampler {

    /**
     * @param x      [B, 4, h, w] start latent (txt2img: noise * sigmas[0])
     * @param sigmas decreasing noise levels, usually ending with 0
     * @return the final latent, attached to {@code ctx.manager()}; on interrupt/skip the last x0
     *     prediction (A1111 returns {@code last_latent}), or x when no step completed
     */
    public NDArray sample(Denoiser d, NDArray x, double[] sigmas, SamplerContext ctx) {
        if (sigmas.length < 2) {
            throw new IllegalArgumentException("need at least 2 sigmas, got " + sigmas.length);
        }
        Latent start = Latent.of(x);
        Latent result;
        try {
            result = run(d, start, asFloat32(sigmas), ctx);
        } catch (SamplingInterruptedException e) {
            result = ctx.lastDenoised() != null ? ctx.lastDenoised() : start;
        }
        return result.toNDArray(ctx.manager());
    }

    /** k-diffusion holds sigmas as a float32 tensor: round them the same way. */
    static double[] asFloat32(double[] sigmas) {
        double[] out = new double[sigmas.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) sigmas[i];
        }
        return out;
    }

    /** The sampler's loop on heap latents. */
    public abstract Latent run(Denoiser d, Latent x, double[] sigmas, SamplerContext ctx);

    /** Number of planned denoiser calls per step for progress (2 for second-order samplers). */
    public int callsPerStep() {
        return 1;
    }

    /** k-diffusion get_ancestral_step: (sigma_down, sigma_up). */
    static double[] ancestralStep(double sigmaFrom, double sigmaTo, double eta) {
        if (eta == 0) {
            return new double[] {sigmaTo, 0};
        }
        double up = Math.min(sigmaTo,
                eta * Math.sqrt(sigmaTo * sigmaTo * (sigmaFrom * sigmaFrom - sigmaTo * sigmaTo) / (sigmaFrom * sigmaFrom)));
        double down = Math.sqrt(sigmaTo * sigmaTo - up * up);
        return new double[] {down, up};
    }

    /** Karras churn factor: min(s_churn/(n-1), sqrt2-1) inside [s_tmin, s_tmax], else 0. */
    static double gamma(SamplerContext ctx, double sigma, int sigmaCount) {
        if (ctx.sTmin() <= sigma && sigma <= ctx.sTmax()) {
            return Math.min(ctx.sChurn() / (sigmaCount - 1), Math.sqrt(2) - 1);
        }
        return 0;
    }
}
