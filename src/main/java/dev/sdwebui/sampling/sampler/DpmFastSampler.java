package dev.sdwebui.sampling.sampler;

import dev.sdwebui.sampling.denoise.Denoiser;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * "DPM fast": DPM-Solver with fixed steps, n model calls split into 3rd-order steps (then 2, 1).
 * A1111 passes sigma_min/sigma_max and n = steps instead of the sigma list; here they are taken from
 * the sigmas (smallest positive, first) and n = sigmas.length - 1, which is the same for A1111's
 * txt2img (model range) and img2img (sigma_sched[-2], sigma_sched[0]) calls.
 * Ref: k-diffusion DPMSolver.dpm_solver_fast / sample_dpm_fast (eta default 0, A1111 passes eta_ancestral).
 */
public final class DpmFastSampler extends Sampler {

    @Override
    public Latent run(Denoiser d, Latent x, double[] sigmas, SamplerContext ctx) {
        int nfe = sigmas.length - 1;
        double tStart = DpmSolver.t(sigmas[0]);
        double tEnd = DpmSolver.t(minPositive(sigmas));
        double eta = ctx.etaOr(0.0);
        DpmSolver solver = new DpmSolver(d, ctx);
        int m = nfe / 3 + 1;
        List<Integer> orders = new ArrayList<>();
        if (nfe % 3 == 0) {
            for (int i = 0; i < m - 2; i++) {
                orders.add(3);
            }
            orders.add(2);
            orders.add(1);
        } else {
            for (int i = 0; i < m - 1; i++) {
                orders.add(3);
            }
            orders.add(nfe % 3);
        }
        double[] ts = linspace(tStart, tEnd, m + 1);
        for (int i = 0; i < orders.size(); i++) {
            Map<String, Latent> cache = DpmSolver.newCache();
            double t = ts[i];
            double tNext = ts[i + 1];
            double tNext2 = tNext;
            double su = 0;
            if (eta != 0) {
                double[] du = ancestralStep(DpmSolver.sigma(t), DpmSolver.sigma(tNext), eta);
                tNext2 = Math.min(tEnd, DpmSolver.t(du[0]));
                su = Math.sqrt(Math.pow(DpmSolver.sigma(tNext), 2) - Math.pow(DpmSolver.sigma(tNext2), 2));
            }
            Latent e = solver.eps(cache, "eps", x, t);
            Latent denoised = x.plus(e, -DpmSolver.sigma(t));
            ctx.report(i, orders.size(), DpmSolver.sigma(t), x, denoised);
            int order = orders.get(i);
            x = order == 1 ? solver.step1(x, t, tNext2, cache)
                    : order == 2 ? solver.step2(x, t, tNext2, 0.5, cache) : solver.step3(x, t, tNext2, cache);
            if (su != 0 || ctx.hasNoise()) {
                // k-diffusion adds su * s_noise * noise_sampler(...) every step (su = 0 without eta).
                x = x.plus(ctx.randnLike(x), su * ctx.sNoise());
            }
        }
        return x;
    }

    static double minPositive(double[] sigmas) {
        double m = Double.POSITIVE_INFINITY;
        for (double s : sigmas) {
            if (s > 0) {
                m = Math.min(m, s);
            }
        }
        if (m == Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException("sigma_min and sigma_max must not be 0");
        }
        return m;
    }

    static double[] linspace(double a, double b, int n) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = n == 1 ? a : a + (b - a) * i / (n - 1);
        }
        return out;
    }
}
