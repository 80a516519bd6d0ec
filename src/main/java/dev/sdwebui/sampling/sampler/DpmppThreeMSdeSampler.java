package dev.sdwebui.sampling.sampler;

import dev.sdwebui.sampling.denoise.Denoiser;

/** "DPM++ 3M SDE": third-order multistep SDE solver. Ref: k-diffusion sample_dpmpp_3m_sde. */
public final class DpmppThreeMSdeSampler extends Sampler {

    @Override
    public Latent run(Denoiser d, Latent x, double[] sigmas, SamplerContext ctx) {
        int n = sigmas.length - 1;
        double eta = ctx.etaOr(1.0);
        BrownianTreeNoise noise = BrownianTreeNoise.forRun(x, sigmas, ctx);
        Latent denoised1 = null;
        Latent denoised2 = null;
        double h = Double.NaN;
        double h1 = Double.NaN;
        double h2 = Double.NaN;
        for (int i = 0; i < n; i++) {
            Latent denoised = ctx.denoise(d, x, sigmas[i]);
            ctx.report(i, n, sigmas[i], x, denoised);
            if (sigmas[i + 1] == 0) {
                x = denoised;
            } else {
                double t = -Math.log(sigmas[i]);
                double s = -Math.log(sigmas[i + 1]);
                h = s - t;
                double hEta = h * (eta + 1);
                x = x.combine(Math.exp(-hEta), denoised, -Math.expm1(-hEta));
                double phi2 = Math.expm1(-hEta) / hEta + 1;
                if (!Double.isNaN(h2)) {
                    double r0 = h1 / h;
                    double r1 = h2 / h;
                    Latent d10 = denoised.minus(denoised1).times(1 / r0);
                    Latent d11 = denoised1.minus(denoised2).times(1 / r1);
                    Latent d1 = d10.plus(d10.minus(d11), r0 / (r0 + r1));
                    Latent d2 = d10.minus(d11).times(1 / (r0 + r1));
                    double phi3 = phi2 / hEta - 0.5;
                    x = x.plus(d1, phi2).plus(d2, -phi3);
                } else if (!Double.isNaN(h1)) {
                    double r = h1 / h;
                    x = x.plus(denoised.minus(denoised1).times(1 / r), phi2);
                }
                if (eta != 0) {
                    double amp = sigmas[i + 1] * Math.sqrt(-Math.expm1(-2 * h * eta)) * ctx.sNoise();
                    x = x.plus(noise.sample(sigmas[i], sigmas[i + 1]), amp);
                }
            }
            denoised2 = denoised1;
            denoised1 = denoised;
            h2 = h1;
            h1 = h;
        }
        return x;
    }
}
