package dev.sdwebui.sampling.sampler;

import dev.sdwebui.sampling.denoise.Denoiser;

/** "DPM2": DPM-Solver-2 midpoint in log-sigma with Karras churn. Ref: k-diffusion sample_dpm_2. */
public final class Dpm2Sampler extends Sampler {

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
            if (sigmas[i + 1] == 0) {
                x = x.plus(dx, sigmas[i + 1] - sigmaHat);
            } else {
                double sigmaMid = Math.exp(0.5 * (Math.log(sigmaHat) + Math.log(sigmas[i + 1])));
                Latent x2 = x.plus(dx, sigmaMid - sigmaHat);
                Latent denoised2 = ctx.denoise(d, x2, sigmaMid);
                Latent d2 = Latent.toD(x2, sigmaMid, denoised2);
                x = x.plus(d2, sigmas[i + 1] - sigmaHat);
            }
        }
        return x;
    }

    @Override
    public int callsPerStep() {
        return 2;
    }
}
