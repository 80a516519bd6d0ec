package dev.sdwebui.sampling.sampler;

import ai.djl.ndarray.NDArray;
import dev.sdwebui.sampling.denoise.EpsModel;
import dev.sdwebui.sampling.denoise.SamplingInterruptedException;

/**
 * A sampler over integer timesteps and {@code alphas_cumprod} (A1111 sd_samplers_timesteps: DDIM,
 * PLMS, UniPC). txt2img starts from plain noise (no sigma scaling).
 */
public abstract class TimestepSampler {

    /**
     * @param timesteps increasing timesteps, A1111 {@code clip(range(0, T, T//steps) + 1, 0, T-1)}
     *     (see {@link #timesteps})
     * @return final latent attached to {@code ctx.manager()}; the last x0 on interrupt
     */
    public NDArray sample(EpsModel model, NDArray x, int[] timesteps, float[] alphasCumprod, SamplerContext ctx) {
        if (timesteps.length < 1) {
            throw new IllegalArgumentException("need at least one timestep");
        }
        Latent start = Latent.of(x);
        Latent result;
        try {
            result = run(model, start, timesteps.clone(), alphasCumprod, ctx);
        } catch (SamplingInterruptedException e) {
            result = ctx.lastDenoised() != null ? ctx.lastDenoised() : start;
        }
        return result.toNDArray(ctx.manager());
    }

    public abstract Latent run(EpsModel model, Latent x, int[] timesteps, float[] alphasCumprod, SamplerContext ctx);

    /** A1111 CompVisSampler.get_timesteps: clip(range(0, T, T // steps) + 1, 0, T-1). */
    public static int[] timesteps(int steps, int trainSteps) {
        if (steps < 1 || steps > trainSteps) {
            throw new IllegalArgumentException("steps must be between 1 and " + trainSteps + ", got " + steps);
        }
        int stride = trainSteps / steps;
        int n = (trainSteps + stride - 1) / stride;
        int[] t = new int[n];
        for (int i = 0; i < n; i++) {
            t[i] = Math.min(i * stride + 1, trainSteps - 1);
        }
        return t;
    }

    /** One eps call on a heap latent, counted like a denoiser call. */
    static Latent eps(EpsModel m, Latent x, double t, SamplerContext ctx) {
        return ctx.denoise((xx, level) -> m.eps(xx, level), x, t);
    }

    /** alphas_cumprod[timesteps[index - 1]], or alphas_cumprod[0] for index 0 (torch pad of timesteps). */
    static double alphaPrev(float[] ac, int[] timesteps, int index) {
        return index == 0 ? ac[0] : ac[timesteps[index - 1]];
    }
}
