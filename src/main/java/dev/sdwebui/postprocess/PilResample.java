package dev.sdwebui.postprocess;

/**
 * PIL's {@code Image.resize} for 8-bit images, reimplemented so results match PIL pixel for pixel.
 * Ref: Pillow src/libImaging/Resample.c ({@code precompute_coeffs}, {@code normalize_coeffs_8bpc},
 * {@code ImagingResampleHorizontal_8bpc} / {@code Vertical}): a separable convolution, horizontal pass
 * first (only over the rows the vertical pass reads), fixed point with 22 fractional bits, the filter
 * support widened by the scale when shrinking. NEAREST is Geometry.c's affine nearest:
 * {@code src = floor(box0 + (x + 0.5) * scale)}.
 *
 * <p>An optional source box (floats, PIL's {@code box=} argument) selects the region to resample;
 * a zero-height box (A1111's "Resize and fill" stretches an edge row) is allowed.
 */
public final class PilResample {

    /** PIL's resampling filters that this build uses. */
    public enum Filter {
        NEAREST(0), BILINEAR(1.0), BICUBIC(2.0), LANCZOS(3.0);

        final double support;

        Filter(double support) {
            this.support = support;
        }

        double weight(double x) {
            switch (this) {
                case BILINEAR:
                    x = Math.abs(x);
                    return x < 1.0 ? 1.0 - x : 0.0;
                case BICUBIC:
                    return bicubic(x);
                case LANCZOS:
                    return -3.0 <= x && x < 3.0 ? sinc(x) * sinc(x / 3.0) : 0.0;
                default:
                    throw new IllegalStateException("no weights for " + this);
            }
        }

        private static double sinc(double x) {
            if (x == 0.0) {
                return 1.0;
            }
            x *= Math.PI;
            return Math.sin(x) / x;
        }

        private static double bicubic(double x) {
            double a = -0.5; // PIL: Keys' cubic convolution with a = -0.5
            x = Math.abs(x);
            if (x < 1.0) {
                return ((a + 2.0) * x - (a + 3.0)) * x * x + 1;
            }
            if (x < 2.0) {
                return (((x - 5) * x + 8) * x - 4) * a;
            }
            return 0.0;
        }
    }

    private static final int PRECISION_BITS = 32 - 8 - 2;

    private PilResample() {
    }

    /** {@code im.resize((w, h), resample=filter)}. */
    public static Pixels resize(Pixels in, int w, int h, Filter filter) {
        return resize(in, w, h, filter, 0, 0, in.width(), in.height());
    }

    /** {@code im.resize((w, h), resample=filter, box=(x0, y0, x1, y1))}. */
    public static Pixels resize(Pixels in, int w, int h, Filter filter, double x0, double y0, double x1, double y1) {
        if (w < 1 || h < 1) {
            throw new IllegalArgumentException("target size must be positive, got " + w + "x" + h);
        }
        if (x0 < 0 || y0 < 0 || x1 > in.width() || y1 > in.height() || x1 < x0 || y1 < y0) {
            throw new IllegalArgumentException("box outside the image");
        }
        boolean full = x0 == 0 && y0 == 0 && x1 == in.width() && y1 == in.height();
        if (full && w == in.width() && h == in.height()) {
            return in.copy();
        }
        if (filter == Filter.NEAREST) {
            return nearest(in, w, h, x0, y0, x1, y1);
        }
        Coeffs horiz = Coeffs.of(in.width(), x0, x1, w, filter);
        Coeffs vert = Coeffs.of(in.height(), y0, y1, h, filter);
        boolean needH = w != in.width() || x0 != 0 || x1 != w;
        boolean needV = h != in.height() || y0 != 0 || y1 != h;
        Pixels cur = in;
        int rowOffset = 0;
        if (needH) {
            int first = vert.bounds[0];
            int last = vert.bounds[2 * (h - 1)] + vert.bounds[2 * (h - 1) + 1];
            cur = horizontal(in, horiz, first, Math.max(1, last - first));
            rowOffset = first;
        }
        if (needV) {
            cur = vertical(cur, vert, rowOffset);
        }
        return cur == in ? in.copy() : cur;
    }

    private static Pixels horizontal(Pixels in, Coeffs k, int firstRow, int rows) {
        int ch = in.channels();
        int outW = k.bounds.length / 2;
        int rowsAvail = Math.min(rows, in.height() - firstRow);
        Pixels out = Pixels.blank(outW, Math.max(1, rowsAvail), ch);
        int[] src = in.data();
        int[] dst = out.data();
        for (int y = 0; y < rowsAvail; y++) {
            int rowBase = (y + firstRow) * in.width();
            for (int x = 0; x < outW; x++) {
                int xmin = k.bounds[2 * x];
                int xmax = k.bounds[2 * x + 1];
                int kOff = x * k.ksize;
                for (int c = 0; c < ch; c++) {
                    int ss = 1 << (PRECISION_BITS - 1);
                    for (int i = 0; i < xmax; i++) {
                        ss += src[(rowBase + xmin + i) * ch + c] * k.kk[kOff + i];
                    }
                    dst[(y * outW + x) * ch + c] = clip8(ss);
                }
            }
        }
        return out;
    }

    private static Pixels vertical(Pixels in, Coeffs k, int rowOffset) {
        int ch = in.channels();
        int outH = k.bounds.length / 2;
        Pixels out = Pixels.blank(in.width(), outH, ch);
        int[] src = in.data();
        int[] dst = out.data();
        for (int y = 0; y < outH; y++) {
            int ymin = k.bounds[2 * y] - rowOffset;
            int ymax = k.bounds[2 * y + 1];
            int kOff = y * k.ksize;
            for (int x = 0; x < in.width(); x++) {
                for (int c = 0; c < ch; c++) {
                    int ss = 1 << (PRECISION_BITS - 1);
                    for (int i = 0; i < ymax; i++) {
                        ss += src[((ymin + i) * in.width() + x) * ch + c] * k.kk[kOff + i];
                    }
                    dst[(y * in.width() + x) * ch + c] = clip8(ss);
                }
            }
        }
        return out;
    }

    private static Pixels nearest(Pixels in, int w, int h, double x0, double y0, double x1, double y1) {
        double sx = (x1 - x0) / w;
        double sy = (y1 - y0) / h;
        int ch = in.channels();
        Pixels out = Pixels.blank(w, h, ch);
        for (int y = 0; y < h; y++) {
            int yi = Math.min(in.height() - 1, (int) (y0 + (y + 0.5) * sy));
            for (int x = 0; x < w; x++) {
                int xi = Math.min(in.width() - 1, (int) (x0 + (x + 0.5) * sx));
                System.arraycopy(in.data(), (yi * in.width() + xi) * ch, out.data(), (y * w + x) * ch, ch);
            }
        }
        return out;
    }

    /** PIL clip8: {@code clamp(ss >> 22, 0, 255)} with an arithmetic shift. */
    private static int clip8(int ss) {
        int v = ss >> PRECISION_BITS;
        return v < 0 ? 0 : (v > 255 ? 255 : v);
    }

    /** Fixed-point filter taps per output pixel: bounds {xmin, count} and ksize weights each. */
    private record Coeffs(int ksize, int[] bounds, int[] kk) {

        static Coeffs of(int inSize, double in0, double in1, int outSize, Filter f) {
            double scale = (in1 - in0) / outSize;
            double filterscale = Math.max(scale, 1.0);
            double support = f.support * filterscale;
            int ksize = (int) Math.ceil(support) * 2 + 1;
            int[] bounds = new int[outSize * 2];
            int[] kk = new int[outSize * ksize];
            double[] k = new double[ksize];
            for (int xx = 0; xx < outSize; xx++) {
                double center = in0 + (xx + 0.5) * scale;
                double ss = 1.0 / filterscale;
                int xmin = Math.max(0, (int) (center - support + 0.5));
                int xmax = Math.min(inSize, (int) (center + support + 0.5)) - xmin;
                double ww = 0;
                for (int x = 0; x < xmax; x++) {
                    k[x] = f.weight((x + xmin - center + 0.5) * ss);
                    ww += k[x];
                }
                for (int x = 0; x < xmax; x++) {
                    double v = ww != 0.0 ? k[x] / ww : k[x];
                    kk[xx * ksize + x] = v < 0 ? (int) (-0.5 + v * (1 << PRECISION_BITS))
                            : (int) (0.5 + v * (1 << PRECISION_BITS));
                }
                bounds[2 * xx] = xmin;
                bounds[2 * xx + 1] = Math.max(0, xmax);
            }
            return new Coeffs(ksize, bounds, kk);
        }
    }
}
