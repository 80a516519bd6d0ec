package dev.sdwebui.sampling.denoise;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.sdwebui.sampling.schedule.DiscreteSchedule;

/**
 * The LCM sampler's model wrapper, A1111 {@code LCMCompVisDenoiser}: a 50-step schedule taken from
 * every 20th alphas_cumprod entry (19, 39, .., 999), t snapped to those timesteps, and LCM's boundary
 * condition on top of the eps denoiser: with st = 10 t,
 * {@code out = st/sqrt(st^2+0.25) * (x - sigma eps) + 0.25/(st^2+0.25) * x}.
 */
public final class LcmDenoiser implements ConditionedModel {

    private static final int ORIGINAL_STEPS = 50;

    private final NoisePredictor net;
    private final DiscreteSchedule schedule; // over the 50 valid entries
    private final int skip;

    public LcmDenoiser(NoisePredictor net, float[] alphasCumprod) {
        int total = alphasCumprod.length;
        this.skip = total / ORIGINAL_STEPS;
        float[] valid = new float[ORIGINAL_STEPS];
        for (int x = 0; x < ORIGINAL_STEPS; x++) {
            valid[ORIGINAL_STEPS - 1 - x] = alphasCumprod[total - 1 - x * skip];
        }
        this.net = net;
        this.schedule = new DiscreteSchedule(valid);
    }

    /** Model timestep of sigma: nearest valid entry * 20 + 19. */
    public int sigmaToT(double sigma) {
        return schedule.sigmaToNearestT(sigma) * skip + (skip - 1);
    }

    public double tToSigma(double timestep) {
        double t = Math.max(0, Math.min(schedule.size() - 1, (timestep - (skip - 1)) / skip));
        return schedule.tToSigma(t);
    }

    /** A1111 LCMCompVisDenoiser.get_sigmas(n): t evenly from t(sigma_max) to t(sigma_min), then 0. */
    public double[] sigmas(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("steps must be at least 1");
        }
        double start = sigmaToT(schedule.sigmaMax());
        double end = sigmaToT(schedule.sigmaMin());
        double[] out = new double[n + 1];
        for (int i = 0; i < n; i++) {
            out[i] = tToSigma(n == 1 ? start : start + (end - start) * i / (n - 1));
        }
        return out;
    }

    @Override
    public NDArray apply(NDArray x, float[] sigma, NDArray context) {
        NDManager parent = x.getManager();
        try (NDManager scope = parent.newSubManager()) {
            float[] t = new float[sigma.length];
            for (int i = 0; i < t.length; i++) {
                t[i] = sigmaToT(sigma[i]);
            }
            NDArray cIn = CompVisDenoiser.column(scope, sigma, s -> 1.0 / Math.sqrt(s * s + 1.0), x.getShape());
            NDArray eps = net.predict(cIn.mul(x), scope.create(t), context);
            eps.attach(scope);
            NDArray negSigma = CompVisDenoiser.column(scope, sigma, s -> -s, x.getShape());
            NDArray x0 = eps.mul(negSigma).add(x);
            NDArray cOut = CompVisDenoiser.column(scope, t, tt -> 10 * tt / Math.sqrt(100 * tt * tt + 0.25), x.getShape());
            NDArray cSkip = CompVisDenoiser.column(scope, t, tt -> 0.25 / (100 * tt * tt + 0.25), x.getShape());
            NDArray out = x0.mul(cOut).add(cSkip.mul(x));
            out.attach(parent);
            return out;
        }
    }
}
