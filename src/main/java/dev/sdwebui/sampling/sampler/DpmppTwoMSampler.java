package dev.sdwebui.sampling.sampler;

import dev.sdwebui.sampling.denoise.Denoiser;

/** "DPM++ 2M": DPM-Solver++(2M). Ref: k-diffusion sample_dpmpp_2m. */
public final class DpmppTwoMSampler extends Sampler {

    @Override
    public Latent run(Denoiser d, Latent x, double[] sigmas, SamplerContext ctx) {
        int n = sigmas.length - 1;
        Latent oldDenoised = null;
        for (int i = 0; i < n; i++) {
            Latent denoised = ctx.denoise(d, x, sigmas[i]);
            ctx.report(i, n, sigmas[i], x, denoised);
            double t = -Math.log(sigmas[i]);
            double tNext = sigmas[i + 1] == 0 ? Double.POSITIVE_INFINITY : -Math.log(sigmas[i + 1]);
            double h = tNext - t;
            double ratio = sigmas[i + 1] / sigmas[i]; // sigma_fn(t_next) / sigma_fn(t)
            double phi = -Math.expm1(-h);
            if (oldDenoised == null || sigmas[i + 1] == 0) {
                x = x.combine(ratio, denoised, phi);
            } else {
                double hLast = t - (-Math.log(sigmas[i - 1]));
                double r = hLast / h;
                Latent dd = denoised.combine(1 + 1 / (2 * r), oldDenoised, -(1 / (2 * r)));
                x = x.combine(ratio, dd, phi);
            }
            oldDenoised = denoised;
        }
        return x;
    }
}
