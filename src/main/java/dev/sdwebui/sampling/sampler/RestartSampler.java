package dev.sdwebui.sampling.sampler;

import dev.sdwebui.sampling.denoise.Denoiser;
import dev.sdwebui.sampling.schedule.Schedules;
import java.util.ArrayList;
import java.util.List;

/**
 * "Restart" (Xu et al. 2023): Heun steps plus restart segments that re-noise from sigma ~0.1 back up
 * to ~2 and integrate down again. Ref: A1111 modules/sd_samplers_extra.py restart_sampler (automatic
 * restart_list: from 20 steps, 9 restart steps once; from 36 steps, steps/4 restart steps twice; the
 * main schedule is then rebuilt as Karras between sigmas[-2] and sigmas[0]).
 */
public final class RestartSampler extends Sampler {

    @Override
    public Latent run(Denoiser d, Latent x, double[] sigmas, SamplerContext ctx) {
        int steps = sigmas.length - 1;
        double[] sig = sigmas;
        int restartSteps = 0;
        int restartTimes = 0;
        boolean restart = steps >= 20;
        if (restart) {
            restartSteps = 9;
            restartTimes = 1;
            if (steps >= 36) {
                restartSteps = steps / 4;
                restartTimes = 2;
            }
            sig = asFloat32(Schedules.karras(steps - restartSteps * restartTimes, sigmas[sigmas.length - 2],
                    sigmas[0], 7.0));
        }
        List<double[]> stepList = stepList(sig, restart, restartSteps + 1, restartTimes);
        double last = Double.NaN;
        int stepId = 0;
        for (double[] pair : stepList) {
            double old = pair[0];
            if (Double.isNaN(last)) {
                last = old;
            } else if (last < old) {
                x = x.plus(ctx.randnLike(x).times(ctx.sNoise()), Math.sqrt(old * old - last * last));
            }
            x = heunStep(d, x, old, pair[1], ctx, stepId++, stepList.size());
            last = pair[1];
        }
        return x;
    }

    private static List<double[]> stepList(double[] sig, boolean restart, int restartSteps, int restartTimes) {
        List<double[]> list = new ArrayList<>();
        int minKey = restart ? argmin(sig, 0.1) : -1;
        for (int i = 0; i < sig.length - 1; i++) {
            list.add(new double[] {sig[i], sig[i + 1]});
            if (restart && i + 1 == minKey) {
                int minIdx = i + 1;
                int maxIdx = argmin(sig, 2);
                if (maxIdx < minIdx) {
                    double[] k = asFloat32(Schedules.karras(restartSteps, sig[minIdx], sig[maxIdx], 7.0));
                    double[] restartSigmas = java.util.Arrays.copyOf(k, k.length - 1); // drop the 0
                    for (int r = 0; r < restartTimes; r++) {
                        for (int j = 0; j + 1 < restartSigmas.length; j++) {
                            list.add(new double[] {restartSigmas[j], restartSigmas[j + 1]});
                        }
                    }
                }
            }
        }
        return list;
    }

    /** torch.argmin(abs(sigmas - key)): first index of the minimum. */
    private static int argmin(double[] s, double key) {
        int best = 0;
        for (int i = 1; i < s.length; i++) {
            if (Math.abs(s[i] - key) < Math.abs(s[best] - key)) {
                best = i;
            }
        }
        return best;
    }

    private static Latent heunStep(Denoiser d, Latent x, double oldSigma, double newSigma, SamplerContext ctx,
                                   int stepId, int total) {
        Latent denoised = ctx.denoise(d, x, oldSigma);
        Latent dx = Latent.toD(x, oldSigma, denoised);
        ctx.report(stepId, total, newSigma, x, denoised);
        double dt = newSigma - oldSigma;
        if (newSigma == 0) {
            return x.plus(dx, dt);
        }
        Latent x2 = x.plus(dx, dt);
        Latent denoised2 = ctx.denoise(d, x2, newSigma);
        Latent d2 = Latent.toD(x2, newSigma, denoised2);
        return x.plus(dx.plus(d2).times(0.5), dt);
    }

    @Override
    public int callsPerStep() {
        return 2;
    }
}
