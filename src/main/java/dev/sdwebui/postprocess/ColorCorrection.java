package dev.sdwebui.postprocess;

import java.util.Arrays;

/**
 * img2img "color correction" (setting img2img_color_correction). Ref: A1111 processing.py
 * {@code setup_color_correction} / {@code apply_color_correction}: the result's CIELAB channels are
 * histogram-matched to the init image's (skimage {@code match_histograms}: cumulative-distribution
 * matching with linear interpolation between the reference's distinct values), converted back to RGB,
 * then blended in "Luminosity" mode so the result keeps the generated picture's luminosity (blendmodes
 * {@code blendLayers(corrected, generated, LUMINOSITY)}). Our LAB conversion is the exact sRGB/D65
 * formula in floating point; OpenCV's 8-bit tables may differ by a level, so results are close to
 * A1111's, not bit-identical.
 */
public final class ColorCorrection {

    private final float[][] target;

    private ColorCorrection(float[][] target) {
        this.target = target;
    }

    /** A1111 setup_color_correction: remembers the init image's LAB channels. */
    public static ColorCorrection of(Pixels init) {
        return new ColorCorrection(lab(init.toRgb()));
    }

    /** A1111 apply_color_correction on an RGB picture. */
    public Pixels apply(Pixels generated) {
        Pixels rgb = generated.toRgb();
        float[][] lab = lab(rgb);
        for (int c = 0; c < 3; c++) {
            lab[c] = match(lab[c], target[c]);
        }
        Pixels corrected = rgb(lab, rgb.width(), rgb.height());
        return luminosity(corrected, rgb);
    }

    /** skimage _match_cumulative_cdf. */
    static float[] match(float[] source, float[] reference) {
        float[] sv = source.clone();
        Arrays.sort(sv);
        float[] rv = reference.clone();
        Arrays.sort(rv);
        float[][] s = uniqueWithQuantiles(sv);
        float[][] r = uniqueWithQuantiles(rv);
        float[] out = new float[source.length];
        for (int i = 0; i < source.length; i++) {
            int k = Arrays.binarySearch(s[0], source[i]);
            out[i] = interp(s[1][k], r[1], r[0]);
        }
        return out;
    }

    /** {distinct sorted values, cumulative count / n}. */
    private static float[][] uniqueWithQuantiles(float[] sorted) {
        int distinct = 0;
        for (int i = 0; i < sorted.length; i++) {
            if (i == 0 || sorted[i] != sorted[i - 1]) {
                distinct++;
            }
        }
        float[] values = new float[distinct];
        float[] quantiles = new float[distinct];
        int k = -1;
        for (int i = 0; i < sorted.length; i++) {
            if (i == 0 || sorted[i] != sorted[i - 1]) {
                k++;
                values[k] = sorted[i];
            }
            quantiles[k] = (float) (i + 1) / sorted.length;
        }
        return new float[][] {values, quantiles};
    }

    /** numpy.interp(x, xp, fp). */
    private static float interp(float x, float[] xp, float[] fp) {
        if (x <= xp[0]) {
            return fp[0];
        }
        if (x >= xp[xp.length - 1]) {
            return fp[fp.length - 1];
        }
        int hi = Arrays.binarySearch(xp, x);
        if (hi >= 0) {
            return fp[hi];
        }
        hi = -hi - 1;
        int lo = hi - 1;
        float t = (x - xp[lo]) / (xp[hi] - xp[lo]);
        return fp[lo] + t * (fp[hi] - fp[lo]);
    }

    /** 8-bit sRGB -> CIELAB (L 0..100, a/b about -128..127), planar [3][n]. */
    static float[][] lab(Pixels rgb) {
        int n = rgb.width() * rgb.height();
        float[][] out = new float[3][n];
        for (int i = 0; i < n; i++) {
            double r = lin(rgb.data()[i * 3] / 255.0);
            double g = lin(rgb.data()[i * 3 + 1] / 255.0);
            double b = lin(rgb.data()[i * 3 + 2] / 255.0);
            double x = (0.412453 * r + 0.357580 * g + 0.180423 * b) / 0.950456;
            double y = 0.212671 * r + 0.715160 * g + 0.072169 * b;
            double z = (0.019334 * r + 0.119193 * g + 0.950227 * b) / 1.088754;
            double fx = f(x);
            double fy = f(y);
            double fz = f(z);
            out[0][i] = (float) (y > 0.008856 ? 116 * fy - 16 : 903.3 * y);
            out[1][i] = (float) (500 * (fx - fy));
            out[2][i] = (float) (200 * (fy - fz));
        }
        return out;
    }

    static Pixels rgb(float[][] lab, int w, int h) {
        Pixels out = Pixels.blank(w, h, 3);
        for (int i = 0; i < w * h; i++) {
            double fy = (lab[0][i] + 16) / 116.0;
            double fx = fy + lab[1][i] / 500.0;
            double fz = fy - lab[2][i] / 200.0;
            double x = finv(fx) * 0.950456;
            double y = finv(fy);
            double z = finv(fz) * 1.088754;
            double r = 3.240479 * x - 1.53715 * y - 0.498535 * z;
            double g = -0.969256 * x + 1.875991 * y + 0.041556 * z;
            double b = 0.055648 * x - 0.204043 * y + 1.057311 * z;
            out.data()[i * 3] = to8(gamma(r));
            out.data()[i * 3 + 1] = to8(gamma(g));
            out.data()[i * 3 + 2] = to8(gamma(b));
        }
        return out;
    }

    /** W3C "luminosity" blend: the colour of {@code base} with the luminosity of {@code top}. */
    static Pixels luminosity(Pixels base, Pixels top) {
        Pixels out = Pixels.blank(base.width(), base.height(), 3);
        for (int i = 0; i < base.width() * base.height(); i++) {
            double[] c = {base.data()[i * 3] / 255.0, base.data()[i * 3 + 1] / 255.0, base.data()[i * 3 + 2] / 255.0};
            double lumTop = lum(top.data()[i * 3] / 255.0, top.data()[i * 3 + 1] / 255.0, top.data()[i * 3 + 2] / 255.0);
            double d = lumTop - lum(c[0], c[1], c[2]);
            for (int k = 0; k < 3; k++) {
                c[k] += d;
            }
            double l = lum(c[0], c[1], c[2]);
            double mn = Math.min(c[0], Math.min(c[1], c[2]));
            double mx = Math.max(c[0], Math.max(c[1], c[2]));
            for (int k = 0; k < 3; k++) {
                if (mn < 0) {
                    c[k] = l + (c[k] - l) * l / (l - mn);
                }
                if (mx > 1) {
                    c[k] = l + (c[k] - l) * (1 - l) / (mx - l);
                }
                out.data()[i * 3 + k] = to8(c[k]);
            }
        }
        return out;
    }

    private static double lum(double r, double g, double b) {
        return 0.3 * r + 0.59 * g + 0.11 * b;
    }

    private static double lin(double c) {
        return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    }

    private static double gamma(double c) {
        return c <= 0.0031308 ? 12.92 * c : 1.055 * Math.pow(Math.max(c, 0), 1 / 2.4) - 0.055;
    }

    private static double f(double t) {
        return t > 0.008856 ? Math.cbrt(t) : 7.787 * t + 16.0 / 116;
    }

    private static double finv(double t) {
        double t3 = t * t * t;
        return t3 > 0.008856 ? t3 : (t - 16.0 / 116) / 7.787;
    }

    private static int to8(double v) {
        return (int) Math.max(0, Math.min(255, Math.round(v * 255)));
    }
}
