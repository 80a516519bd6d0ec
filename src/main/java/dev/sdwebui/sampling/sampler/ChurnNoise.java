package dev.sdwebui.sampling.sampler;

/** The per-step {@code eps = randn_like(x) * s_noise} of k-diffusion's churn samplers (Euler, Heun, DPM2). */
final class ChurnNoise {

    private ChurnNoise() {
    }

    /**
     * Draws as k-diffusion does (always, when a generator is present); without a generator only a
     * churn step (gamma > 0) needs one, and that fails with a clear message.
     */
    static Latent draw(SamplerContext ctx, Latent x, double gamma) {
        if (!ctx.hasNoise() && gamma == 0) {
            return null;
        }
        return ctx.randnLike(x).times(ctx.sNoise());
    }
}
