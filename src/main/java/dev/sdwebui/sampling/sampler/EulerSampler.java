package dev.sdwebui.sampling.sampler;

import dev.sdwebui.sampling.denoise.Denoiser;

/**
 * "Euler": Karras et al. (2022) Algorithm 2 with Euler steps. Ref: k-diffusion sampling.py sample_euler.
 * Like k-diffusion it draws one randn per step even when churn is off (keeps the image generator's
 * stream where A1111 leaves it, which matters for later draws such as hires fix).
 */
public final class EulerSampler extends Sampler {

    @Override
    public Latent run(Denoiser d, Latent x, double[] sigmas, SamplerContext ctx) {
        int n = sigmas.length - 1;
        for (int i = 0; i < n; i++) {
            double gamma = gamma(ctx, sigmas[i], sigmas.length);
            Latent eps = ChurnNoise.draw(ctx, x, gamma);
            double sigmaHat = (float) (sigmas[i] * (gamma + 1));
            if (gamma > 0) {
                x = x.plus(eps, Math.sqrt(sigmaHat * sigmaHat - sigmas[i] * sigmas[i]));
            }
            Latent denoised = ctx.denoise(d, x, sigmaHat);
            Latent dx = Latent.toD(x, sigmaHat, denoised);
            ctx.report(i, n, sigmas[i], x, denoised);
            x = x.plus(dx, (float) (sigmas[i + 1] - sigmaHat));
        }
        return x;
    }
}
