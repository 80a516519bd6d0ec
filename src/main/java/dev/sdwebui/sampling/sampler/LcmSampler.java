package dev.sdwebui.sampling.sampler;

import dev.sdwebui.sampling.denoise.Denoiser;

/**
 * "LCM": x = denoised, then re-noised to the next sigma with the image generator's noise.
 * Ref: A1111 modules/sd_samplers_lcm.py sample_lcm (used with {@code LcmDenoiser}).
 */
public final class LcmSampler extends Sampler {

    @Override
    public Latent run(Denoiser d, Latent x, double[] sigmas, SamplerContext ctx) {
        int n = sigmas.length - 1;
        for (int i = 0; i < n; i++) {
            Latent denoised = ctx.denoise(d, x, sigmas[i]);
            ctx.report(i, n, sigmas[i], x, denoised);
            x = denoised;
            if (sigmas[i + 1] > 0) {
                x = x.plus(ctx.randnLike(x), sigmas[i + 1]);
            }
        }
        return x;
    }
}
