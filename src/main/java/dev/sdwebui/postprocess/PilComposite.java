package dev.sdwebui.postprocess;

/**
 * PIL's integer alpha arithmetic used by A1111's inpainting overlay and masked-content fill.
 * Ref: Pillow Paste.c (paste with an L mask: {@code DIV255(in * m + out * (255 - m))}), Convert.c
 * (RGBa <-> RGBA premultiplication), AlphaComposite.c ({@code Image.alpha_composite}, 7 extra bits).
 */
public final class PilComposite {

    private PilComposite() {
    }

    static int div255(int a) {
        int tmp = a + 128;
        return ((tmp >> 8) + tmp) >> 8;
    }

    /**
     * {@code Image.new('RGBa'); paste(img.convert('RGBA').convert('RGBa'), mask=m); convert('RGBA')}: the
     * picture with alpha = m (colours premultiplied and divided back, as PIL does).
     */
    public static Pixels withAlphaMask(Pixels rgb, Pixels maskL) {
        check(rgb, maskL);
        Pixels src = rgb.toRgb();
        Pixels out = Pixels.blank(rgb.width(), rgb.height(), 4);
        int n = rgb.width() * rgb.height();
        for (int i = 0; i < n; i++) {
            int m = maskL.data()[i];
            for (int c = 0; c < 3; c++) {
                int premul = div255(src.data()[i * 3 + c] * m);
                out.data()[i * 4 + c] = unpremultiply(premul, m);
            }
            out.data()[i * 4 + 3] = div255(255 * m);
        }
        return out;
    }

    /** Convert.c rgbA2rgba: {@code CLIP8(255 * c / a)} unless a is 0 or 255. */
    static int unpremultiply(int c, int a) {
        if (a == 255 || a == 0) {
            return c;
        }
        return Math.min(255, 255 * c / a);
    }

    /** {@code dst.alpha_composite(src)} on RGBA pictures of the same size; returns a new RGBA picture. */
    public static Pixels alphaComposite(Pixels dst, Pixels src) {
        if (dst.channels() != 4 || src.channels() != 4 || dst.width() != src.width() || dst.height() != src.height()) {
            throw new IllegalArgumentException("alpha_composite needs two RGBA images of the same size");
        }
        int[] d = dst.data();
        int[] s = src.data();
        int[] o = new int[d.length];
        for (int i = 0; i < d.length; i += 4) {
            int sa = s[i + 3];
            if (sa == 0) {
                System.arraycopy(d, i, o, i, 4);
                continue;
            }
            long blend = (long) d[i + 3] * (255 - sa);
            long outa255 = sa * 255L + blend;
            long coef1 = sa * 255L * 255L * (1 << 7) / outa255;
            long coef2 = 255L * (1 << 7) - coef1;
            for (int c = 0; c < 3; c++) {
                long tmp = s[i + c] * coef1 + d[i + c] * coef2 + (0x80 << 7);
                o[i + c] = (int) ((((tmp >> 8) + tmp) >> 8) >> 7);
            }
            long a = outa255 + 0x80;
            o[i + 3] = (int) (((a >> 8) + a) >> 8);
        }
        return new Pixels(dst.width(), dst.height(), 4, o);
    }

    /**
     * A1111 images.flatten: {@code Image.new('RGBA', size, color).paste(img, mask=img).convert('RGB')}, i.e.
     * Paste.c paste_mask_RGBA: each colour {@code DIV255(bg * (255 - a) + c * a)} with the picture's own alpha.
     * Pictures without alpha are only converted to RGB.
     *
     * @param color {@code #rgb} or {@code #rrggbb} (an alpha part, {@code #rrggbbaa}, only affects the
     *              alpha that the RGB conversion drops)
     * @throws IllegalArgumentException for any other colour text
     */
    public static Pixels flatten(Pixels img, String color) {
        if (!img.hasAlpha()) {
            return img.toRgb();
        }
        int[] bg = parseColor(color);
        int n = img.width() * img.height();
        Pixels out = Pixels.blank(img.width(), img.height(), 3);
        for (int i = 0; i < n; i++) {
            int a = img.data()[i * 4 + 3];
            for (int c = 0; c < 3; c++) {
                out.data()[i * 3 + c] = div255(bg[c] * (255 - a) + img.data()[i * 4 + c] * a);
            }
        }
        return out;
    }

    private static int[] parseColor(String color) {
        String c = color == null ? "" : color.strip();
        if (c.matches("#[0-9a-fA-F]{3}")) {
            int v = Integer.parseInt(c.substring(1), 16);
            return new int[] {((v >> 8) & 15) * 17, ((v >> 4) & 15) * 17, (v & 15) * 17};
        }
        if (c.matches("#[0-9a-fA-F]{6}([0-9a-fA-F]{2})?")) {
            int v = Integer.parseInt(c.substring(1, 7), 16);
            return new int[] {(v >> 16) & 255, (v >> 8) & 255, v & 255};
        }
        throw new IllegalArgumentException("img2img_background_color must be #rrggbb, got '" + color + "'");
    }

    /** RGB -> opaque RGBA. */
    public static Pixels opaque(Pixels p) {
        if (p.channels() == 4) {
            return p;
        }
        Pixels rgb = p.toRgb();
        Pixels out = Pixels.blank(p.width(), p.height(), 4);
        for (int i = 0; i < p.width() * p.height(); i++) {
            System.arraycopy(rgb.data(), i * 3, out.data(), i * 4, 3);
            out.data()[i * 4 + 3] = 255;
        }
        return out;
    }

    private static void check(Pixels a, Pixels maskL) {
        if (maskL.channels() != 1 || a.width() != maskL.width() || a.height() != maskL.height()) {
            throw new IllegalArgumentException("mask must be an L image of the picture's size: " + maskL.width() + "x"
                    + maskL.height() + " vs " + a.width() + "x" + a.height());
        }
    }
}
