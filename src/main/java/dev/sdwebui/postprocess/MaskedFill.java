package dev.sdwebui.postprocess;

/**
 * A1111 masked content "fill" ({@code masking.fill}): the unmasked picture (premultiplied, alpha =
 * 255 - mask) blurred with radii 256, 64, 16 (x2), 4 (x4), 2 (x2), 0 and alpha-composited layer over
 * layer, so masked pixels take the colours around them. The blur is PIL's {@code GaussianBlur}: three
 * box blurs with a fractional radius (Ref: Pillow BoxBlur.c, {@code _gaussian_blur_radius}).
 */
public final class MaskedFill {

    private static final int[][] PASSES = {{256, 1}, {64, 1}, {16, 2}, {4, 4}, {2, 2}, {0, 1}};

    private MaskedFill() {
    }

    /** @return RGB */
    public static Pixels fill(Pixels image, Pixels mask) {
        Pixels m = Masks.invert(mask.toL());
        Pixels rgb = image.toRgb();
        int n = rgb.width() * rgb.height();
        // Premultiplied RGBa of the paste: colour * m / 255, alpha = m.
        Pixels premul = Pixels.blank(rgb.width(), rgb.height(), 4);
        for (int i = 0; i < n; i++) {
            int a = m.data()[i];
            for (int c = 0; c < 3; c++) {
                premul.data()[i * 4 + c] = PilComposite.div255(rgb.data()[i * 3 + c] * a);
            }
            premul.data()[i * 4 + 3] = PilComposite.div255(255 * a);
        }
        Pixels acc = Pixels.blank(rgb.width(), rgb.height(), 4);
        for (int[] pass : PASSES) {
            Pixels blurred = unpremultiply(gaussian(premul, pass[0]));
            for (int r = 0; r < pass[1]; r++) {
                acc = PilComposite.alphaComposite(acc, blurred);
            }
        }
        return acc.toRgb();
    }

    private static Pixels unpremultiply(Pixels p) {
        int[] d = p.data().clone();
        for (int i = 0; i < d.length; i += 4) {
            for (int c = 0; c < 3; c++) {
                d[i + c] = PilComposite.unpremultiply(d[i + c], d[i + 3]);
            }
        }
        return new Pixels(p.width(), p.height(), 4, d);
    }

    /** PIL ImagingGaussianBlur(radius, passes = 3). */
    static Pixels gaussian(Pixels p, double radius) {
        float r = boxRadius((float) radius, 3);
        if (r == 0) {
            return p;
        }
        Pixels out = p;
        for (int i = 0; i < 3; i++) {
            out = boxLine(out, r, true);
        }
        for (int i = 0; i < 3; i++) {
            out = boxLine(out, r, false);
        }
        return out;
    }

    static float boxRadius(float radius, int passes) {
        float sigma2 = radius * radius / passes;
        float bigL = (float) Math.sqrt(12.0 * sigma2 + 1.0);
        float l = (float) Math.floor((bigL - 1.0) / 2.0);
        float a = (2 * l + 1) * (l * (l + 1) - 3 * sigma2);
        a /= 6 * (sigma2 - (l + 1) * (l + 1));
        return l + a;
    }

    /** One ImagingLineBoxBlur pass along rows (or columns), edges extended. */
    private static Pixels boxLine(Pixels p, float floatRadius, boolean rows) {
        int radius = (int) floatRadius;
        long ww = (long) ((float) (1 << 24) / (floatRadius * 2 + 1));
        long fw = ((1L << 24) - (radius * 2L + 1) * ww) / 2;
        int w = p.width();
        int h = p.height();
        int len = rows ? w : h;
        int lines = rows ? h : w;
        int ch = p.channels();
        int[] src = p.data();
        int[] out = new int[src.length];
        int[] line = new int[len];
        for (int li = 0; li < lines; li++) {
            for (int c = 0; c < ch; c++) {
                for (int i = 0; i < len; i++) {
                    line[i] = src[index(rows, li, i, w) * ch + c];
                }
                long sum = 0;
                for (int j = -radius; j <= radius; j++) {
                    sum += line[clamp(j, len)];
                }
                for (int x = 0; x < len; x++) {
                    long edges = line[clamp(x - radius - 1, len)] + line[clamp(x + radius + 1, len)];
                    out[index(rows, li, x, w) * ch + c] = (int) ((sum * ww + edges * fw + (1 << 23)) >> 24);
                    sum += line[clamp(x + radius + 1, len)] - line[clamp(x - radius, len)];
                }
            }
        }
        return new Pixels(w, h, ch, out);
    }

    private static int index(boolean rows, int line, int i, int w) {
        return rows ? line * w + i : i * w + line;
    }

    private static int clamp(int i, int n) {
        return i < 0 ? 0 : (i >= n ? n - 1 : i);
    }
}
