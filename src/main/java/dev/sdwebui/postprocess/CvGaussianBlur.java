package dev.sdwebui.postprocess;

/**
 * OpenCV's {@code cv2.GaussianBlur} for 8-bit images with a kernel along one axis, bit for bit.
 * Ref: OpenCV 4.x imgproc smooth.dispatch.cpp ({@code getGaussianKernelBitExact},
 * {@code getGaussianKernelFixedPoint_ED}, {@code GaussianBlur}: the CV_8U path runs
 * {@code GaussianBlurFixedPoint} with {@code ufixedpoint16} taps, fixedpoint.inl.hpp) and
 * {@code borderInterpolate} (BORDER_REFLECT_101, the default border).
 *
 * <p>The taps are the Gaussian normalised in double precision, then turned into 8 fractional bits by
 * error diffusion from the outside in (round half to even), the centre tap taking what is left so the
 * taps sum to exactly 256. Each output is {@code (sum(tap * pixel) + 128) >> 8}: the row pass keeps 8
 * fractional bits and the (1-tap, 256) column pass rounds them away. An image one pixel wide (high)
 * is copied unchanged by a horizontal (vertical) blur, as OpenCV sets that kernel size to 1.
 */
public final class CvGaussianBlur {

    private CvGaussianBlur() {
    }

    /** A1111's kernel size for a mask blur of {@code sigma}: {@code 2 * int(2.5 * sigma + 0.5) + 1}. */
    public static int a1111KernelSize(double sigma) {
        return 2 * (int) (2.5 * sigma + 0.5) + 1;
    }

    /**
     * OpenCV's fixed-point taps (8 fractional bits) of an odd {@code n}-tap Gaussian with {@code sigma > 0}.
     */
    public static int[] fixedKernel(int n, double sigma) {
        if (n < 1 || n % 2 == 0 || !(sigma > 0)) {
            throw new IllegalArgumentException("need an odd kernel size and sigma > 0, got " + n + ", " + sigma);
        }
        int half = (n - 1) / 2;
        double scale2 = -0.125 / (sigma * sigma);
        double[] values = new double[half];
        double sum = 0;
        for (int i = 0, x = 1 - n; i < half; i++, x += 2) {
            // x = 2 * (i - half): exp(-(i - half)^2 / (2 sigma^2))
            values[i] = StrictMath.exp((double) (x * x) * scale2);
            sum += values[i];
        }
        sum *= 2;
        sum += 1;
        double mul = 1 / sum;
        int[] k = new int[n];
        double err = 0;
        int fixedSum = 0;
        for (int i = 0; i < half; i++) {
            double adj = values[i] * mul * 256 + err;
            int v = (int) Math.rint(adj);
            err = adj - v;
            k[i] = v;
            k[n - 1 - i] = v;
            fixedSum += v;
        }
        k[half] = 256 - 2 * fixedSum;
        return k;
    }

    /**
     * {@code cv2.GaussianBlur(img, (ksize, 1), sigma)} when {@code horizontal}, else
     * {@code cv2.GaussianBlur(img, (1, ksize), sigma)}; every channel alike.
     */
    public static Pixels blur(Pixels img, int ksize, double sigma, boolean horizontal) {
        int w = img.width();
        int h = img.height();
        if (ksize == 1 || (horizontal ? w : h) == 1) {
            return img.copy();
        }
        int[] k = fixedKernel(ksize, sigma);
        int r = ksize / 2;
        int len = horizontal ? w : h;
        int[][] taps = new int[len][ksize];
        for (int p = 0; p < len; p++) {
            for (int i = 0; i < ksize; i++) {
                taps[p][i] = reflect101(p + i - r, len);
            }
        }
        int ch = img.channels();
        int[] src = img.data();
        int[] out = new int[src.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int[] t = taps[horizontal ? x : y];
                for (int c = 0; c < ch; c++) {
                    int acc = 0;
                    for (int i = 0; i < ksize; i++) {
                        int sx = horizontal ? t[i] : x;
                        int sy = horizontal ? y : t[i];
                        acc += k[i] * src[(sy * w + sx) * ch + c];
                    }
                    out[(y * w + x) * ch + c] = Math.min(255, (acc + 128) >> 8);
                }
            }
        }
        return new Pixels(w, h, ch, out);
    }

    /** OpenCV borderInterpolate with BORDER_REFLECT_101 (gfedcb|abcdefgh|gfedcba), repeated as needed. */
    static int reflect101(int p, int len) {
        if (len == 1) {
            return 0;
        }
        while (p < 0 || p >= len) {
            p = p < 0 ? -p : 2 * len - 2 - p;
        }
        return p;
    }
}
