package dev.sdwebui.sampling.sampler;

import dev.sdwebui.sampling.denoise.EpsModel;
import java.util.ArrayList;
import java.util.List;

/**
 * "PLMS": pseudo linear multistep (Liu et al. 2022). The first step is a pseudo improved Euler step
 * (two model calls), then Adams-Bashforth of order 2, 3, 4 on eps. Ref: A1111 sd_samplers_timesteps_impl.plms.
 */
public final class PlmsSampler extends TimestepSampler {

    @Override
    public Latent run(EpsModel model, Latent x, int[] timesteps, float[] ac, SamplerContext ctx) {
        List<Latent> oldEps = new ArrayList<>();
        int calls = timesteps.length - 1;
        for (int i = 0; i < calls; i++) {
            int index = timesteps.length - 1 - i;
            int tNext = timesteps[Math.max(index - 1, 0)];
            Latent e = eps(model, x, timesteps[index], ctx);
            Latent ePrime;
            int k = oldEps.size();
            if (k == 0) {
                Latent xPrev = step(x, e, ac, timesteps, index)[0];
                Latent eNext = eps(model, xPrev, tNext, ctx);
                ePrime = e.plus(eNext).times(0.5);
            } else if (k == 1) {
                ePrime = e.combine(3, oldEps.get(k - 1), -1).times(0.5);
            } else if (k == 2) {
                ePrime = e.times(23).plus(oldEps.get(k - 1), -16).plus(oldEps.get(k - 2), 5).times(1.0 / 12);
            } else {
                ePrime = e.times(55).plus(oldEps.get(k - 1), -59).plus(oldEps.get(k - 2), 37)
                        .plus(oldEps.get(k - 3), -9).times(1.0 / 24);
            }
            Latent[] r = step(x, ePrime, ac, timesteps, index);
            oldEps.add(e);
            if (oldEps.size() >= 4) {
                oldEps.remove(0);
            }
            ctx.report(i, calls, 0, x, r[1]);
            x = r[0];
        }
        return x;
    }

    /** (x_prev, pred_x0) of a deterministic DDIM step with eps. */
    private static Latent[] step(Latent x, Latent e, float[] ac, int[] timesteps, int index) {
        double aT = ac[timesteps[index]];
        double aPrev = alphaPrev(ac, timesteps, index);
        Latent predX0 = x.combine(1 / Math.sqrt(aT), e, -Math.sqrt(1 - aT) / Math.sqrt(aT));
        Latent xPrev = predX0.combine(Math.sqrt(aPrev), e, Math.sqrt(1 - aPrev));
        return new Latent[] {xPrev, predX0};
    }
}
