package dev.sdwebui.sampling.sampler;

import dev.sdwebui.sampling.denoise.Denoiser;
import java.util.Map;

/**
 * "DPM adaptive": DPM-Solver-23 with a PID step-size controller; ignores the step count (runs until
 * sigma_min). Defaults as k-diffusion: order 3, rtol 0.05, atol 0.0078, h_init 0.05, pcoeff 0,
 * icoeff 1, dcoeff 0, accept_safety 0.81. Ref: k-diffusion DPMSolver.dpm_solver_adaptive.
 */
public final class DpmAdaptiveSampler extends Sampler {

    private static final double RTOL = 0.05;
    private static final double ATOL = 0.0078;
    private static final double H_INIT = 0.05;
    private static final double ACCEPT_SAFETY = 0.81;
    private static final int MAX_STEPS = 10_000;

    @Override
    public Latent run(Denoiser d, Latent x, double[] sigmas, SamplerContext ctx) {
        double tStart = DpmSolver.t(sigmas[0]);
        double tEnd = DpmSolver.t(DpmFastSampler.minPositive(sigmas));
        double eta = ctx.etaOr(0.0);
        DpmSolver solver = new DpmSolver(d, ctx);
        // PID controller with pcoeff 0, icoeff 1, dcoeff 0: b1 = 1/order, b2 = b3 = 0.
        double order = eta != 0 ? 1.5 : 3;
        double h = H_INIT;
        double s = tStart;
        Latent xPrev = x;
        int steps = 0;
        while (s < tEnd - 1e-5) {
            if (++steps > MAX_STEPS) {
                throw new IllegalStateException("DPM adaptive did not converge in " + MAX_STEPS + " steps");
            }
            Map<String, Latent> cache = DpmSolver.newCache();
            double t = Math.min(tEnd, s + h);
            double tUp = t;
            double su = 0;
            if (eta != 0) {
                double[] du = ancestralStep(DpmSolver.sigma(s), DpmSolver.sigma(t), eta);
                tUp = Math.min(tEnd, DpmSolver.t(du[0]));
                su = Math.sqrt(Math.pow(DpmSolver.sigma(t), 2) - Math.pow(DpmSolver.sigma(tUp), 2));
            }
            Latent e = solver.eps(cache, "eps", x, s);
            Latent denoised = x.plus(e, -DpmSolver.sigma(s));
            Latent low = solver.step2(x, s, tUp, 1.0 / 3, cache);
            Latent high = solver.step3(x, s, tUp, cache);
            double error = error(low, high, xPrev);
            double factor = 1 + Math.atan(Math.pow(1 / (error + 1e-8), 1 / order) - 1);
            boolean accept = factor >= ACCEPT_SAFETY;
            h *= factor;
            if (accept) {
                xPrev = low;
                x = high;
                if (su != 0 || ctx.hasNoise()) {
                    x = x.plus(ctx.randnLike(x), su * ctx.sNoise());
                }
                s = t;
            }
            ctx.report(steps - 1, steps, DpmSolver.sigma(s), x, denoised);
        }
        return x;
    }

    /** ||(low - high) / max(atol, rtol * max(|low|, |prev|))|| / sqrt(numel). */
    private static double error(Latent low, Latent high, Latent prev) {
        double sum = 0;
        for (int i = 0; i < low.size(); i++) {
            double delta = Math.max(ATOL, RTOL * Math.max(Math.abs(low.get(i)), Math.abs(prev.get(i))));
            double r = (low.get(i) - high.get(i)) / delta;
            sum += r * r;
        }
        return Math.sqrt(sum) / Math.sqrt(low.size());
    }
}
