package dev.sdwebui.sampling.sampler;

import dev.sdwebui.sampling.denoise.Denoiser;

/**
 * "DPM++ 2M SDE" (midpoint) and "DPM++ 2M SDE Heun" (solver_type heun).
 * Ref: k-diffusion sample_dpmpp_2m_sde.
 */
public final class DpmppTwoMSdeSampler extends Sampler {

    private final boolean heun;

    public DpmppTwoMSdeSampler(boolean heun) {
        this.heun = heun;
    }

    @Override
    public Latent run(Denoiser d, Latent x, double[] sigmas, SamplerContext ctx) {
        int n = sigmas.length - 1;
        double eta = ctx.etaOr(1.0);
        BrownianTreeNoise noise = BrownianTreeNoise.forRun(x, sigmas, ctx);
        Latent oldDenoised = null;
        double hLast = Double.NaN;
        for (int i = 0; i < n; i++) {
            Latent denoised = ctx.denoise(d, x, sigmas[i]);
            ctx.report(i, n, sigmas[i], x, denoised);
            if (sigmas[i + 1] == 0) {
                x = denoised;
            } else {
                double t = -Math.log(sigmas[i]);
                double s = -Math.log(sigmas[i + 1]);
                double h = s - t;
                double etaH = eta * h;
                double phi = -Math.expm1(-h - etaH);
                x = x.combine(sigmas[i + 1] / sigmas[i] * Math.exp(-etaH), denoised, phi);
                if (oldDenoised != null) {
                    double r = hLast / h;
                    Latent diff = denoised.minus(oldDenoised);
                    double k = heun ? (phi / (-h - etaH) + 1) * (1 / r) : 0.5 * phi * (1 / r);
                    x = x.plus(diff, k);
                }
                if (eta != 0) {
                    double amp = sigmas[i + 1] * Math.sqrt(-Math.expm1(-2 * etaH)) * ctx.sNoise();
                    x = x.plus(noise.sample(sigmas[i], sigmas[i + 1]), amp);
                }
                hLast = h;
            }
            oldDenoised = denoised;
        }
        return x;
    }
}
