package dev.sdwebui.postprocess;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.WritableRaster;
import java.util.Objects;

/**
 * An 8-bit picture as PIL holds it: interleaved channels (1 = "L", 3 = "RGB", 4 = "RGBA"), values 0..255.
 * The image ops of this package work on it so they can follow PIL's integer arithmetic exactly.
 *
 * @param data row-major, {@code data[(y * width + x) * channels + c]}; not copied (treat as owned)
 */
public record Pixels(int width, int height, int channels, int[] data) {

    public Pixels {
        Objects.requireNonNull(data, "data");
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("image size must be positive, got " + width + "x" + height);
        }
        if (channels != 1 && channels != 3 && channels != 4) {
            throw new IllegalArgumentException("channels must be 1, 3 or 4, got " + channels);
        }
        if ((long) width * height * channels != data.length) {
            throw new IllegalArgumentException("data length " + data.length + " != " + width + "x" + height + "x" + channels);
        }
    }

    public static Pixels blank(int width, int height, int channels) {
        return new Pixels(width, height, channels, new int[width * height * channels]);
    }

    /**
     * RGB (or RGBA when the image has alpha) from any BufferedImage. 8-bit grey pictures (PNG "L"/"LA")
     * keep their stored values, as PIL's {@code convert('RGB')} does: {@code getRGB} would treat them as
     * linear grey and gamma-encode them (100 would become 168).
     */
    public static Pixels of(BufferedImage img) {
        if (isGray8(img)) {
            return ofGray8(img);
        }
        boolean alpha = img.getColorModel().hasAlpha();
        int w = img.getWidth();
        int h = img.getHeight();
        int ch = alpha ? 4 : 3;
        int[] argb = img.getRGB(0, 0, w, h, null, 0, w);
        int[] out = new int[w * h * ch];
        for (int i = 0; i < argb.length; i++) {
            int p = argb[i];
            out[i * ch] = (p >> 16) & 255;
            out[i * ch + 1] = (p >> 8) & 255;
            out[i * ch + 2] = p & 255;
            if (alpha) {
                out[i * ch + 3] = (p >>> 24) & 255;
            }
        }
        return new Pixels(w, h, ch, out);
    }

    private static boolean isGray8(BufferedImage img) {
        ColorModel cm = img.getColorModel();
        if (cm.getColorSpace().getType() != ColorSpace.TYPE_GRAY || cm instanceof IndexColorModel) {
            return false;
        }
        for (int size : cm.getComponentSize()) {
            if (size != 8) {
                return false;
            }
        }
        return img.getRaster().getNumBands() == cm.getNumComponents();
    }

    /** Grey (+ alpha) samples as stored, grey repeated over R, G, B. */
    private static Pixels ofGray8(BufferedImage img) {
        WritableRaster r = img.getRaster();
        boolean alpha = r.getNumBands() == 2;
        int w = img.getWidth();
        int h = img.getHeight();
        int ch = alpha ? 4 : 3;
        int[] grey = r.getSamples(0, 0, w, h, 0, (int[]) null);
        int[] a = alpha ? r.getSamples(0, 0, w, h, 1, (int[]) null) : null;
        int[] out = new int[w * h * ch];
        for (int i = 0; i < grey.length; i++) {
            out[i * ch] = grey[i];
            out[i * ch + 1] = grey[i];
            out[i * ch + 2] = grey[i];
            if (alpha) {
                out[i * ch + 3] = a[i];
            }
        }
        return new Pixels(w, h, ch, out);
    }

    public int get(int x, int y, int c) {
        return data[(y * width + x) * channels + c];
    }

    public void set(int x, int y, int c, int v) {
        data[(y * width + x) * channels + c] = v;
    }

    public boolean hasAlpha() {
        return channels == 4;
    }

    /** PIL {@code convert('L')}: ITU-R 601-2 luma {@code (R*19595 + G*38470 + B*7471 + 0x8000) >> 16}. */
    public Pixels toL() {
        if (channels == 1) {
            return this;
        }
        int[] out = new int[width * height];
        for (int i = 0; i < out.length; i++) {
            int r = data[i * channels];
            int g = data[i * channels + 1];
            int b = data[i * channels + 2];
            out[i] = (r * 19595 + g * 38470 + b * 7471 + 0x8000) >> 16;
        }
        return new Pixels(width, height, 1, out);
    }

    /** PIL {@code convert('RGB')} (drops alpha; L is repeated). */
    public Pixels toRgb() {
        if (channels == 3) {
            return this;
        }
        int[] out = new int[width * height * 3];
        for (int i = 0; i < width * height; i++) {
            for (int c = 0; c < 3; c++) {
                out[i * 3 + c] = channels == 1 ? data[i] : data[i * channels + c];
            }
        }
        return new Pixels(width, height, 3, out);
    }

    /** One channel as an L image. */
    public Pixels channel(int c) {
        int[] out = new int[width * height];
        for (int i = 0; i < out.length; i++) {
            out[i] = data[i * channels + c];
        }
        return new Pixels(width, height, 1, out);
    }

    /** PIL {@code crop((x1, y1, x2, y2))} inside the image. */
    public Pixels crop(int x1, int y1, int x2, int y2) {
        if (x1 < 0 || y1 < 0 || x2 > width || y2 > height || x2 <= x1 || y2 <= y1) {
            throw new IllegalArgumentException("crop box (" + x1 + "," + y1 + "," + x2 + "," + y2 + ") outside "
                    + width + "x" + height);
        }
        Pixels out = blank(x2 - x1, y2 - y1, channels);
        for (int y = y1; y < y2; y++) {
            System.arraycopy(data, (y * width + x1) * channels, out.data, (y - y1) * out.width * channels,
                    (x2 - x1) * channels);
        }
        return out;
    }

    /** PIL {@code paste(src, (x, y))} without mask, clipped to this image; same channel count. */
    public void paste(Pixels src, int x, int y) {
        if (src.channels != channels) {
            throw new IllegalArgumentException("paste needs the same channels: " + src.channels + " vs " + channels);
        }
        for (int sy = Math.max(0, -y); sy < src.height && sy + y < height; sy++) {
            int sx0 = Math.max(0, -x);
            int sx1 = Math.min(src.width, width - x);
            if (sx1 > sx0) {
                System.arraycopy(src.data, (sy * src.width + sx0) * channels, data, ((sy + y) * width + sx0 + x) * channels,
                        (sx1 - sx0) * channels);
            }
        }
    }

    /** Same pixels as a BufferedImage: TYPE_3BYTE_BGR for RGB/L, TYPE_INT_ARGB for RGBA. */
    public BufferedImage toImage() {
        BufferedImage img = new BufferedImage(width, height,
                channels == 4 ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_3BYTE_BGR);
        int[] argb = new int[width * height];
        for (int i = 0; i < argb.length; i++) {
            int r = data[i * channels];
            int g = channels == 1 ? r : data[i * channels + 1];
            int b = channels == 1 ? r : data[i * channels + 2];
            int a = channels == 4 ? data[i * channels + 3] : 255;
            argb[i] = (a << 24) | (r << 16) | (g << 8) | b;
        }
        img.setRGB(0, 0, width, height, argb, 0, width);
        return img;
    }

    public Pixels copy() {
        return new Pixels(width, height, channels, data.clone());
    }
}
