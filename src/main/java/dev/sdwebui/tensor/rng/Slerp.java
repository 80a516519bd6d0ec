package dev.sdwebui.tensor.rng;

/**
 * A1111's spherical interpolation of variation noise ({@code modules/rng.py slerp}), on one image's
 * noise laid out as [C, H, W] (row-major). Quirks kept on purpose, since they decide the pixels:
 * the "rows" normalised are along dim 1 (H), so there is one angle per (c, w); and when the mean
 * cosine exceeds 0.9995 A1111 returns {@code low*val + high*(1-val)}, which is inverted relative to
 * the spherical branch (strength 0 = original noise there, but the variation noise here).
 */
public final class Slerp {

    private static final double PARALLEL = 0.9995;

    private Slerp() {
    }

    /** Returns slerp(val, low, high) for arrays of shape [c, h, w]. */
    public static float[] slerp(double val, float[] low, float[] high, int c, int h, int w) {
        if (low.length != c * h * w || high.length != low.length) {
            throw new IllegalArgumentException("slerp: arrays must both have " + (c * h * w) + " values");
        }
        double[] dot = new double[c * w];
        double[] lowNorm = norms(low, c, h, w);
        double[] highNorm = norms(high, c, h, w);
        double meanDot = 0;
        for (int ci = 0; ci < c; ci++) {
            for (int wi = 0; wi < w; wi++) {
                double d = 0;
                for (int hi = 0; hi < h; hi++) {
                    int idx = (ci * h + hi) * w + wi;
                    d += (low[idx] / lowNorm[ci * w + wi]) * (high[idx] / highNorm[ci * w + wi]);
                }
                dot[ci * w + wi] = d;
                meanDot += d;
            }
        }
        meanDot /= c * w;
        float[] out = new float[low.length];
        if (meanDot > PARALLEL) {
            for (int i = 0; i < out.length; i++) {
                out[i] = (float) (low[i] * val + high[i] * (1 - val));
            }
            return out;
        }
        for (int ci = 0; ci < c; ci++) {
            for (int wi = 0; wi < w; wi++) {
                double omega = Math.acos(dot[ci * w + wi]);
                double so = Math.sin(omega);
                double a = Math.sin((1.0 - val) * omega) / so;
                double b = Math.sin(val * omega) / so;
                for (int hi = 0; hi < h; hi++) {
                    int idx = (ci * h + hi) * w + wi;
                    out[idx] = (float) (a * low[idx] + b * high[idx]);
                }
            }
        }
        return out;
    }

    private static double[] norms(float[] x, int c, int h, int w) {
        double[] n = new double[c * w];
        for (int ci = 0; ci < c; ci++) {
            for (int wi = 0; wi < w; wi++) {
                double s = 0;
                for (int hi = 0; hi < h; hi++) {
                    double v = x[(ci * h + hi) * w + wi];
                    s += v * v;
                }
                n[ci * w + wi] = Math.sqrt(s);
            }
        }
        return n;
    }
}
