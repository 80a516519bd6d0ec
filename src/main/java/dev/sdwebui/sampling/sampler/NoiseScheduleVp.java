package dev.sdwebui.sampling.sampler;

/**
 * The discrete VP noise schedule of UniPC ({@code uni_pc.NoiseScheduleVP('discrete', alphas_cumprod)}):
 * continuous t in (0, 1], t_i = (i+1)/N, {@code log alpha_t} piecewise linear in t;
 * {@code lambda_t = log alpha_t - log sigma_t}.
 */
final class NoiseScheduleVp {

    private final double[] tArray;        // [N], increasing
    private final double[] logAlphaArray; // [N], decreasing

    NoiseScheduleVp(float[] alphasCumprod) {
        int n = alphasCumprod.length;
        tArray = new double[n];
        logAlphaArray = new double[n];
        for (int i = 0; i < n; i++) {
            tArray[i] = (i + 1) / (double) n;
            logAlphaArray[i] = 0.5 * Math.log(alphasCumprod[i]);
        }
    }

    int totalN() {
        return tArray.length;
    }

    double logMeanCoeff(double t) {
        return interpolate(t, tArray, logAlphaArray);
    }

    double alpha(double t) {
        return Math.exp(logMeanCoeff(t));
    }

    double std(double t) {
        return Math.sqrt(1 - Math.exp(2 * logMeanCoeff(t)));
    }

    double lambda(double t) {
        double lmc = logMeanCoeff(t);
        return lmc - 0.5 * Math.log(1 - Math.exp(2 * lmc));
    }

    double inverseLambda(double lambda) {
        // log_alpha = -0.5 logaddexp(0, -2 lambda)
        double logAlpha = -0.5 * logAddExp(0, -2 * lambda);
        int n = tArray.length;
        double[] xs = new double[n];
        double[] ys = new double[n];
        for (int i = 0; i < n; i++) {
            xs[i] = logAlphaArray[n - 1 - i];
            ys[i] = tArray[n - 1 - i];
        }
        return interpolate(logAlpha, xs, ys);
    }

    private static double logAddExp(double a, double b) {
        double m = Math.max(a, b);
        return m + Math.log(Math.exp(a - m) + Math.exp(b - m));
    }

    /** Piecewise-linear interpolation through (xs, ys), extended linearly past both ends (uni_pc interpolate_fn). */
    static double interpolate(double x, double[] xs, double[] ys) {
        int n = xs.length;
        int j;
        if (x <= xs[0]) {
            j = 1;
        } else if (x >= xs[n - 1]) {
            j = n - 1;
        } else {
            j = 1;
            while (xs[j] < x) {
                j++;
            }
        }
        double f = (x - xs[j - 1]) / (xs[j] - xs[j - 1]);
        return ys[j - 1] + f * (ys[j] - ys[j - 1]);
    }
}
