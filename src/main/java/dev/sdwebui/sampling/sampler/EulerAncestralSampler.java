package dev.sdwebui.sampling.sampler;

import dev.sdwebui.sampling.denoise.Denoiser;

/** "Euler a". Ref: k-diffusion sampling.py sample_euler_ancestral (eta default 1). */
public final class EulerAncestralSampler extends Sampler {

    @Override
    public Latent run(Denoiser d, Latent x, double[] sigmas, SamplerContext ctx) {
        int n = sigmas.length - 1;
        double eta = ctx.etaOr(1.0);
        for (int i = 0; i < n; i++) {
            Latent denoised = ctx.denoise(d, x, sigmas[i]);
            double[] du = ancestralStep(sigmas[i], sigmas[i + 1], eta);
            ctx.report(i, n, sigmas[i], x, denoised);
            Latent dx = Latent.toD(x, sigmas[i], denoised);
            x = x.plus(dx, (float) (du[0] - sigmas[i]));
            if (sigmas[i + 1] > 0) {
                x = x.plus(ctx.randnLike(x).times(ctx.sNoise()), du[1]);
            }
        }
        return x;
    }
}
