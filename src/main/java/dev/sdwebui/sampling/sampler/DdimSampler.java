package dev.sdwebui.sampling.sampler;

import dev.sdwebui.sampling.denoise.EpsModel;

/**
 * "DDIM" with eta (A1111 setting eta_ddim, default 0). Ref: A1111 sd_samplers_timesteps_impl.ddim:
 * {@code pred_x0 = (x - sqrt(1-a_t) eps)/sqrt(a_t)},
 * {@code sigma_t = eta sqrt((1-a_prev)/(1-a_t) (1 - a_t/a_prev))},
 * {@code x = sqrt(a_prev) pred_x0 + sqrt(1-a_prev-sigma_t^2) eps + sigma_t randn}.
 *
 * <p>A1111 loops {@code range(len(timesteps) - 1)} from the last timestep down to index 1, so it makes
 * steps-1 model calls and stops at alphas_cumprod[timesteps[0]]; CompVis' DDIMSampler also runs
 * index 0 (down to alphas_cumprod[0]). {@code fullLoop} picks CompVis' behaviour (the reference
 * data was made with it); the catalog uses A1111's.
 */
public final class DdimSampler extends TimestepSampler {

    private final boolean fullLoop;

    public DdimSampler(boolean fullLoop) {
        this.fullLoop = fullLoop;
    }

    @Override
    public Latent run(EpsModel model, Latent x, int[] timesteps, float[] ac, SamplerContext ctx) {
        double eta = ctx.etaOr(0.0);
        int calls = fullLoop ? timesteps.length : timesteps.length - 1;
        for (int i = 0; i < calls; i++) {
            int index = timesteps.length - 1 - i;
            Latent e = eps(model, x, timesteps[index], ctx);
            double aT = ac[timesteps[index]];
            double aPrev = alphaPrev(ac, timesteps, index);
            double sigmaT = eta * Math.sqrt((1 - aPrev) / (1 - aT) * (1 - aT / aPrev));
            Latent predX0 = x.combine(1 / Math.sqrt(aT), e, -Math.sqrt(1 - aT) / Math.sqrt(aT));
            Latent next = predX0.combine(Math.sqrt(aPrev), e, Math.sqrt(1 - aPrev - sigmaT * sigmaT));
            if (sigmaT != 0 || ctx.hasNoise()) {
                // A1111 draws randn_like on every step (sigma_t * randn), even when eta is 0.
                next = next.plus(ctx.randnLike(x), sigmaT);
            }
            ctx.report(i, calls, 0, x, predX0);
            x = next;
        }
        return x;
    }
}
