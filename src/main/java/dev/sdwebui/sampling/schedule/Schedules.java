package dev.sdwebui.sampling.schedule;

/**
 * The noise schedules of A1111's {@code modules/sd_schedulers.py} (and the k-diffusion functions it
 * names), as pure functions of the step count. Every function returns n+1 sigmas ending with 0,
 * except {@link #klOptimal}, which A1111 returns as n+1 values ending at sigma_min (no 0).
 */
public final class Schedules {

    /** Align Your Steps tables (NVIDIA, 10 steps + sigma_min) for SD 1.x/2.x and SDXL. */
    static final double[] AYS_SD15 = {14.615, 6.475, 3.861, 2.697, 1.886, 1.396, 0.963, 0.652, 0.399, 0.152, 0.029};
    static final double[] AYS_SDXL = {14.615, 6.315, 3.771, 2.181, 1.342, 0.862, 0.555, 0.380, 0.234, 0.113, 0.029};

    private Schedules() {
    }

    /** {@code torch.linspace(start, end, n)}. */
    static double[] linspace(double start, double end, int n) {
        double[] out = new double[n];
        if (n == 1) {
            out[0] = start;
            return out;
        }
        double step = (end - start) / (n - 1);
        for (int i = 0; i < n; i++) {
            out[i] = i < n / 2 ? start + step * i : end - step * (n - 1 - i);
        }
        return out;
    }

    private static double[] withZero(double[] sigmas) {
        double[] out = java.util.Arrays.copyOf(sigmas, sigmas.length + 1);
        out[sigmas.length] = 0;
        return out;
    }

    private static void checkRange(int n, double sigmaMin, double sigmaMax) {
        if (n < 1) {
            throw new IllegalArgumentException("steps must be at least 1, got " + n);
        }
        if (!(sigmaMin > 0 && sigmaMax > sigmaMin)) {
            throw new IllegalArgumentException("need 0 < sigma_min < sigma_max, got " + sigmaMin + ", " + sigmaMax);
        }
    }

    /** Ref: k-diffusion get_sigmas_karras: (max^(1/rho) + i/(n-1) (min^(1/rho) - max^(1/rho)))^rho. */
    public static double[] karras(int n, double sigmaMin, double sigmaMax, double rho) {
        checkRange(n, sigmaMin, sigmaMax);
        double[] ramp = linspace(0, 1, n);
        double minInv = Math.pow(sigmaMin, 1 / rho);
        double maxInv = Math.pow(sigmaMax, 1 / rho);
        double[] s = new double[n];
        for (int i = 0; i < n; i++) {
            s[i] = Math.pow(maxInv + ramp[i] * (minInv - maxInv), rho);
        }
        return withZero(s);
    }

    /** Ref: k-diffusion get_sigmas_exponential: exp(linspace(ln max, ln min, n)). */
    public static double[] exponential(int n, double sigmaMin, double sigmaMax) {
        checkRange(n, sigmaMin, sigmaMax);
        double[] s = linspace(Math.log(sigmaMax), Math.log(sigmaMin), n);
        for (int i = 0; i < n; i++) {
            s[i] = Math.exp(s[i]);
        }
        return withZero(s);
    }

    /** Ref: k-diffusion get_sigmas_polyexponential: exp(linspace(1,0,n)^rho (ln max - ln min) + ln min). */
    public static double[] polyexponential(int n, double sigmaMin, double sigmaMax, double rho) {
        checkRange(n, sigmaMin, sigmaMax);
        double[] ramp = linspace(1, 0, n);
        double[] s = new double[n];
        for (int i = 0; i < n; i++) {
            s[i] = Math.exp(Math.pow(ramp[i], rho) * (Math.log(sigmaMax) - Math.log(sigmaMin)) + Math.log(sigmaMin));
        }
        return withZero(s);
    }

    /** A1111 "Uniform": the model's own {@code get_sigmas(n)}. */
    public static double[] uniform(int n, DiscreteSchedule model) {
        checkSteps(n);
        return model.uniformSigmas(n);
    }

    /** A1111 "Normal": t evenly spaced from t(sigma_max) to t(sigma_min), n values, then 0. */
    public static double[] normal(int n, double sigmaMin, double sigmaMax, DiscreteSchedule model) {
        return timeSpaced(n, sigmaMin, sigmaMax, model, false);
    }

    /** A1111 "SGM Uniform": like Normal with n+1 points, the last dropped. */
    public static double[] sgmUniform(int n, double sigmaMin, double sigmaMax, DiscreteSchedule model) {
        return timeSpaced(n, sigmaMin, sigmaMax, model, true);
    }

    private static double[] timeSpaced(int n, double sigmaMin, double sigmaMax, DiscreteSchedule model, boolean sgm) {
        checkRange(n, sigmaMin, sigmaMax);
        double start = model.sigmaToT(sigmaMax);
        double end = model.sigmaToT(sigmaMin);
        double[] ts = linspace(start, end, sgm ? n + 1 : n);
        double[] s = new double[n];
        for (int i = 0; i < n; i++) {
            s[i] = model.tToSigma(ts[i]);
        }
        return withZero(s);
    }

    /** A1111 "KL Optimal": tan(i/n atan(min) + (1 - i/n) atan(max)), i = 0..n (no trailing 0). */
    public static double[] klOptimal(int n, double sigmaMin, double sigmaMax) {
        checkRange(n, sigmaMin, sigmaMax);
        double aMin = Math.atan(sigmaMin);
        double aMax = Math.atan(sigmaMax);
        double[] s = new double[n + 1];
        for (int i = 0; i <= n; i++) {
            double f = (double) i / n;
            s[i] = Math.tan(f * aMin + (1.0 - f) * aMax);
        }
        return s;
    }

    /**
     * A1111 "Align Your Steps": NVIDIA's 11-value table, used as is for n = 11, else interpolated
     * log-linearly to n values; then 0.
     */
    public static double[] alignYourSteps(int n, boolean sdxl) {
        checkSteps(n);
        double[] table = sdxl ? AYS_SDXL : AYS_SD15;
        if (n == table.length) {
            return withZero(table);
        }
        // Ref: loglinear_interp: xs = linspace(0,1,len), ys = log(reversed table), np.interp, reversed back
        int m = table.length;
        double[] xs = linspace(0, 1, m);
        double[] ys = new double[m];
        for (int i = 0; i < m; i++) {
            ys[i] = Math.log(table[m - 1 - i]);
        }
        double[] newXs = linspace(0, 1, n);
        double[] s = new double[n];
        for (int i = 0; i < n; i++) {
            s[n - 1 - i] = Math.exp(interp(newXs[i], xs, ys));
        }
        return withZero(s);
    }

    /** {@code np.interp} for increasing xs. */
    static double interp(double x, double[] xs, double[] ys) {
        if (x <= xs[0]) {
            return ys[0];
        }
        int last = xs.length - 1;
        if (x >= xs[last]) {
            return ys[last];
        }
        int j = 1;
        while (xs[j] < x) {
            j++;
        }
        double f = (x - xs[j - 1]) / (xs[j] - xs[j - 1]);
        return ys[j - 1] + f * (ys[j] - ys[j - 1]);
    }

    /** A1111 "Simple": every (T/n)-th model sigma from the top, then 0. */
    public static double[] simple(int n, DiscreteSchedule model) {
        checkSteps(n);
        int t = model.size();
        double ss = (double) t / n;
        double[] s = new double[n];
        for (int x = 0; x < n; x++) {
            s[x] = model.sigma(t - 1 - (int) (x * ss));
        }
        return withZero(s);
    }

    /** A1111 "DDIM": model sigmas at 1, 1+T/n, 1+2T/n, ..., reversed, then 0. */
    public static double[] ddim(int n, DiscreteSchedule model) {
        checkSteps(n);
        int t = model.size();
        int ss = Math.max(t / n, 1);
        java.util.List<Double> sigs = new java.util.ArrayList<>();
        for (int x = 1; x < t; x += ss) {
            sigs.add(model.sigma(x));
        }
        double[] s = new double[sigs.size() + 1];
        for (int i = 0; i < sigs.size(); i++) {
            s[i] = sigs.get(sigs.size() - 1 - i);
        }
        return s;
    }

    /**
     * A1111 "Beta" (Lee et al. 2024): sigma_min + ppf_Beta(alpha, beta)(1 - linspace(0,1,n)) (max - min),
     * then 0. A1111's defaults are alpha = beta = 0.6 (settings beta_dist_alpha/beta).
     */
    public static double[] beta(int n, double sigmaMin, double sigmaMax, double alpha, double beta) {
        checkRange(n, sigmaMin, sigmaMax);
        double[] lin = linspace(0, 1, n);
        double[] s = new double[n];
        for (int i = 0; i < n; i++) {
            s[i] = sigmaMin + BetaDistribution.ppf(1 - lin[i], alpha, beta) * (sigmaMax - sigmaMin);
        }
        return withZero(s);
    }

    /** Drops the second-to-last sigma (A1111 discard_next_to_last_sigma: compute n+1 steps, drop one). */
    public static double[] discardNextToLast(double[] sigmas) {
        if (sigmas.length < 3) {
            throw new IllegalArgumentException("need at least 3 sigmas to discard the penultimate one");
        }
        double[] out = java.util.Arrays.copyOf(sigmas, sigmas.length - 1);
        out[out.length - 1] = sigmas[sigmas.length - 1];
        return out;
    }

    private static void checkSteps(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("steps must be at least 1, got " + n);
        }
    }
}
