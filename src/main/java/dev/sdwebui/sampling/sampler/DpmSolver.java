package dev.sdwebui.sampling.sampler;

import dev.sdwebui.sampling.denoise.Denoiser;
import java.util.HashMap;
import java.util.Map;

/**
 * DPM-Solver (Lu et al. 2022) in t = -log(sigma), the engine of "DPM fast" and "DPM adaptive".
 * Ref: k-diffusion sampling.py class DPMSolver (eps cache per step, 1/2/3rd-order steps).
 */
final class DpmSolver {

    private final Denoiser model;
    private final SamplerContext ctx;

    DpmSolver(Denoiser model, SamplerContext ctx) {
        this.model = model;
        this.ctx = ctx;
    }

    static double t(double sigma) {
        return -Math.log(sigma);
    }

    static double sigma(double t) {
        return Math.exp(-t);
    }

    /** eps at (x, t), cached per step under {@code key}. */
    Latent eps(Map<String, Latent> cache, String key, Latent x, double t) {
        Latent hit = cache.get(key);
        if (hit != null) {
            return hit;
        }
        Latent denoised = ctx.denoise(model, x, sigma(t));
        Latent e = x.minus(denoised).times(1 / sigma(t));
        cache.put(key, e);
        return e;
    }

    Latent step1(Latent x, double t, double tNext, Map<String, Latent> cache) {
        double h = tNext - t;
        Latent e = eps(cache, "eps", x, t);
        return x.plus(e, -sigma(tNext) * Math.expm1(h));
    }

    Latent step2(Latent x, double t, double tNext, double r1, Map<String, Latent> cache) {
        double h = tNext - t;
        Latent e = eps(cache, "eps", x, t);
        double s1 = t + r1 * h;
        Latent u1 = x.plus(e, -sigma(s1) * Math.expm1(r1 * h));
        Latent eR1 = eps(cache, "eps_r1", u1, s1);
        return x.plus(e, -sigma(tNext) * Math.expm1(h)).plus(eR1.minus(e), -sigma(tNext) / (2 * r1) * Math.expm1(h));
    }

    Latent step3(Latent x, double t, double tNext, Map<String, Latent> cache) {
        double r1 = 1.0 / 3;
        double r2 = 2.0 / 3;
        double h = tNext - t;
        Latent e = eps(cache, "eps", x, t);
        double s1 = t + r1 * h;
        double s2 = t + r2 * h;
        Latent u1 = x.plus(e, -sigma(s1) * Math.expm1(r1 * h));
        Latent eR1 = eps(cache, "eps_r1", u1, s1);
        Latent u2 = x.plus(e, -sigma(s2) * Math.expm1(r2 * h))
                .plus(eR1.minus(e), -sigma(s2) * (r2 / r1) * (Math.expm1(r2 * h) / (r2 * h) - 1));
        Latent eR2 = eps(cache, "eps_r2", u2, s2);
        return x.plus(e, -sigma(tNext) * Math.expm1(h)).plus(eR2.minus(e), -sigma(tNext) / r2 * (Math.expm1(h) / h - 1));
    }

    static Map<String, Latent> newCache() {
        return new HashMap<>();
    }
}
