package dev.sdwebui.sampling.schedule;

/**
 * The model's discrete noise schedule, k-diffusion's {@code DiscreteSchedule} as used by
 * {@code CompVisDenoiser}: {@code sigma_t = sqrt((1 - a_t) / a_t)} for t = 0..T-1 from the
 * checkpoint's {@code alphas_cumprod}; {@code sigma_to_t} interpolates linearly in log-sigma,
 * {@code t_to_sigma} interpolates log-sigma between the neighbouring integer timesteps.
 *
 * <p>The table is computed in float32 like torch (the buffer is float32), so sigmas match the
 * reference to float rounding.
 */
public final class DiscreteSchedule {

    private final float[] alphasCumprod; // [T]
    private final double[] sigmas;       // [T], increasing
    private final double[] logSigmas;    // [T]

    public DiscreteSchedule(float[] alphasCumprod) {
        if (alphasCumprod.length < 2) {
            throw new IllegalArgumentException("alphas_cumprod needs at least 2 entries");
        }
        this.alphasCumprod = alphasCumprod.clone();
        int n = alphasCumprod.length;
        sigmas = new double[n];
        logSigmas = new double[n];
        for (int i = 0; i < n; i++) {
            float a = alphasCumprod[i];
            if (!(a > 0 && a <= 1)) {
                throw new IllegalArgumentException("alphas_cumprod[" + i + "] = " + a + " is not in (0, 1]");
            }
            float s = (float) Math.sqrt((1f - a) / a);
            sigmas[i] = s;
            logSigmas[i] = (float) Math.log(s);
        }
        for (int i = 1; i < n; i++) {
            if (!(sigmas[i] > sigmas[i - 1])) {
                throw new IllegalArgumentException("alphas_cumprod must be strictly decreasing");
            }
        }
    }

    /** Number of training timesteps (1000 for SD). */
    public int size() {
        return sigmas.length;
    }

    public float[] alphasCumprod() {
        return alphasCumprod.clone();
    }

    public float alphaCumprod(int t) {
        return alphasCumprod[t];
    }

    /** sigma of integer timestep t. */
    public double sigma(int t) {
        return sigmas[t];
    }

    public double sigmaMin() {
        return sigmas[0];
    }

    public double sigmaMax() {
        return sigmas[sigmas.length - 1];
    }

    /** Ref: k-diffusion external.py DiscreteSchedule.sigma_to_t (quantize=False). */
    public double sigmaToT(double sigma) {
        // torch does this on float32 tensors: log of the float sigma, rounded to float
        double logSigma = (float) Math.log((float) sigma);
        int n = logSigmas.length;
        // low_idx = last index with log_sigmas[idx] <= log_sigma, clamped to [0, n-2]
        int low = 0;
        for (int i = 0; i < n; i++) {
            if (logSigma - logSigmas[i] >= 0) {
                low = i;
            }
        }
        low = Math.min(low, n - 2);
        double lo = logSigmas[low];
        double hi = logSigmas[low + 1];
        double w = Math.min(1, Math.max(0, (lo - logSigma) / (lo - hi)));
        return (1 - w) * low + w * (low + 1);
    }

    /** Quantized sigma_to_t: the nearest table entry in log-sigma (A1111 enable_quantization). */
    public int sigmaToNearestT(double sigma) {
        double logSigma = Math.log(sigma);
        int best = 0;
        for (int i = 1; i < logSigmas.length; i++) {
            if (Math.abs(logSigma - logSigmas[i]) < Math.abs(logSigma - logSigmas[best])) {
                best = i;
            }
        }
        return best;
    }

    /** Ref: k-diffusion DiscreteSchedule.t_to_sigma. */
    public double tToSigma(double t) {
        int low = (int) Math.floor(t);
        int high = (int) Math.ceil(t);
        double w = t - low;
        return Math.exp((1 - w) * logSigmas[low] + w * logSigmas[high]);
    }

    /**
     * The model's own schedule ({@code get_sigmas}, A1111 "Uniform"): n timesteps evenly spaced from
     * T-1 down to 0, converted to sigma, plus a trailing 0.
     */
    public double[] uniformSigmas(int n) {
        double[] out = new double[n + 1];
        double tMax = sigmas.length - 1;
        for (int i = 0; i < n; i++) {
            double t = n == 1 ? tMax : tMax - tMax * i / (n - 1);
            out[i] = tToSigma(t);
        }
        return out;
    }
}
