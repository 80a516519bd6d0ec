package dev.sdwebui.sampling.sampler;

import dev.sdwebui.sampling.denoise.Denoiser;

/** "Heun": Karras Algorithm 2 (Heun steps, Euler on the last). Ref: k-diffusion sample_heun. */
public final class HeunSampler extends Sampler {

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
            double dt = (float) (sigmas[i + 1] - sigmaHat);
            if (sigmas[i + 1] == 0) {
                x = x.plus(dx, dt);
            } else {
                Latent x2 = x.plus(dx, dt);
                Latent denoised2 = ctx.denoise(d, x2, sigmas[i + 1]);
                Latent d2 = Latent.toD(x2, sigmas[i + 1], denoised2);
                x = x.plus(dx.plus(d2).times(0.5), dt);
            }
        }
        return x;
    }

    @Override
    public int callsPerStep() {
        return 2;
    }
}
