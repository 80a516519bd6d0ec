package dev.sdwebui.sampling.sampler;

import dev.sdwebui.sampling.denoise.Denoiser;

/** "DPM++ SDE": DPM-Solver++ stochastic, r = 1/2, Brownian-tree noise. Ref: k-diffusion sample_dpmpp_sde. */
public final class DpmppSdeSampler extends Sampler {

    @Override
    public Latent run(Denoiser d, Latent x, double[] sigmas, SamplerContext ctx) {
        int n = sigmas.length - 1;
        double eta = ctx.etaOr(1.0);
        BrownianTreeNoise noise = BrownianTreeNoise.forRun(x, sigmas, ctx);
        double r = 0.5;
        for (int i = 0; i < n; i++) {
            Latent denoised = ctx.denoise(d, x, sigmas[i]);
            ctx.report(i, n, sigmas[i], x, denoised);
            if (sigmas[i + 1] == 0) {
                x = x.plus(Latent.toD(x, sigmas[i], denoised), sigmas[i + 1] - sigmas[i]);
                continue;
            }
            double t = -Math.log(sigmas[i]);
            double tNext = -Math.log(sigmas[i + 1]);
            double h = tNext - t;
            double s = t + h * r;
            double fac = 1 / (2 * r);
            // Step 1
            double[] du = ancestralStep(Math.exp(-t), Math.exp(-s), eta);
            double s2 = -Math.log(du[0]);
            Latent x2 = x.combine(Math.exp(-s2) / Math.exp(-t), denoised, -Math.expm1(t - s2));
            x2 = x2.plus(noise.sample(Math.exp(-t), Math.exp(-s)).times(ctx.sNoise()), du[1]);
            Latent denoised2 = ctx.denoise(d, x2, Math.exp(-s));
            // Step 2
            du = ancestralStep(Math.exp(-t), Math.exp(-tNext), eta);
            double tNext2 = -Math.log(du[0]);
            Latent dd = denoised.combine(1 - fac, denoised2, fac);
            x = x.combine(Math.exp(-tNext2) / Math.exp(-t), dd, -Math.expm1(t - tNext2));
            x = x.plus(noise.sample(Math.exp(-t), Math.exp(-tNext)).times(ctx.sNoise()), du[1]);
        }
        return x;
    }

    @Override
    public int callsPerStep() {
        return 2;
    }
}
