package dev.sdwebui.sampling.sampler;

import dev.sdwebui.sampling.denoise.Denoiser;

/** "DPM++ 2S a": DPM-Solver++(2S) with ancestral noise. Ref: k-diffusion sample_dpmpp_2s_ancestral. */
public final class DpmppTwoSAncestralSampler extends Sampler {

    @Override
    public Latent run(Denoiser d, Latent x, double[] sigmas, SamplerContext ctx) {
        int n = sigmas.length - 1;
        double eta = ctx.etaOr(1.0);
        for (int i = 0; i < n; i++) {
            Latent denoised = ctx.denoise(d, x, sigmas[i]);
            double[] du = ancestralStep(sigmas[i], sigmas[i + 1], eta);
            ctx.report(i, n, sigmas[i], x, denoised);
            if (du[0] == 0) {
                x = x.plus(Latent.toD(x, sigmas[i], denoised), du[0] - sigmas[i]);
            } else {
                // t = -log(sigma); midpoint s = t + h/2
                double t = -Math.log(sigmas[i]);
                double tNext = -Math.log(du[0]);
                double h = tNext - t;
                double s = t + 0.5 * h;
                Latent x2 = x.combine(Math.exp(-s) / Math.exp(-t), denoised, -Math.expm1(-h * 0.5));
                Latent denoised2 = ctx.denoise(d, x2, Math.exp(-s));
                x = x.combine(Math.exp(-tNext) / Math.exp(-t), denoised2, -Math.expm1(-h));
            }
            if (sigmas[i + 1] > 0) {
                x = x.plus(ctx.randnLike(x).times(ctx.sNoise()), du[1]);
            }
        }
        return x;
    }

    @Override
    public int callsPerStep() {
        return 2;
    }
}
