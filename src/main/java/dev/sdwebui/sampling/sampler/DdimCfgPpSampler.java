package dev.sdwebui.sampling.sampler;

import dev.sdwebui.sampling.denoise.CfgPlusPlusModel;
import dev.sdwebui.sampling.denoise.EpsModel;

/**
 * "DDIM CFG++" (Chung et al. 2024, manifold-constrained CFG): DDIM whose re-noising direction uses
 * the unconditional eps, with the CFG scale divided by 12.5. Ref: A1111 sd_samplers_timesteps_impl.ddim_cfgpp
 * (same A1111 loop as DDIM: steps-1 model calls).
 */
public final class DdimCfgPpSampler extends TimestepSampler {

    private static final double SCALE_MULTIPLIER = 1 / 12.5;

    @Override
    public Latent run(EpsModel model, Latent x, int[] timesteps, float[] ac, SamplerContext ctx) {
        if (!(model instanceof CfgPlusPlusModel cfg)) {
            throw new IllegalArgumentException("DDIM CFG++ needs the CFG denoiser (its unconditional output)");
        }
        cfg.enableCfgPlusPlus(SCALE_MULTIPLIER);
        double eta = ctx.etaOr(0.0);
        int calls = timesteps.length - 1;
        for (int i = 0; i < calls; i++) {
            int index = timesteps.length - 1 - i;
            Latent e = eps(model, x, timesteps[index], ctx);
            Latent uncond = Latent.of(cfg.lastUncond(), x.shape());
            double aT = ac[timesteps[index]];
            double aPrev = alphaPrev(ac, timesteps, index);
            double sigmaT = eta * Math.sqrt((1 - aPrev) / (1 - aT) * (1 - aT / aPrev));
            Latent predX0 = x.combine(1 / Math.sqrt(aT), e, -Math.sqrt(1 - aT) / Math.sqrt(aT));
            Latent next = predX0.combine(Math.sqrt(aPrev), uncond, Math.sqrt(1 - aPrev - sigmaT * sigmaT));
            if (sigmaT != 0 || ctx.hasNoise()) {
                next = next.plus(ctx.randnLike(x), sigmaT);
            }
            ctx.report(i, calls, 0, x, predX0);
            x = next;
        }
        return x;
    }
}
