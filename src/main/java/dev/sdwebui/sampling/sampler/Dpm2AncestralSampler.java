package dev.sdwebui.sampling.sampler;

import dev.sdwebui.sampling.denoise.Denoiser;

/** "DPM2 a". Ref: k-diffusion sample_dpm_2_ancestral (noise only after a DPM-Solver-2 step). */
public final class Dpm2AncestralSampler extends Sampler {

    @Override
    public Latent run(Denoiser d, Latent x, double[] sigmas, SamplerContext ctx) {
        int n = sigmas.length - 1;
        double eta = ctx.etaOr(1.0);
        for (int i = 0; i < n; i++) {
            Latent denoised = ctx.denoise(d, x, sigmas[i]);
            double[] du = ancestralStep(sigmas[i], sigmas[i + 1], eta);
            ctx.report(i, n, sigmas[i], x, denoised);
            Latent dx = Latent.toD(x, sigmas[i], denoised);
            if (du[0] == 0) {
                x = x.plus(dx, du[0] - sigmas[i]);
            } else {
                double sigmaMid = Math.exp(0.5 * (Math.log(sigmas[i]) + Math.log(du[0])));
                Latent x2 = x.plus(dx, sigmaMid - sigmas[i]);
                Latent denoised2 = ctx.denoise(d, x2, sigmaMid);
                Latent d2 = Latent.toD(x2, sigmaMid, denoised2);
                x = x.plus(d2, du[0] - sigmas[i]);
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
