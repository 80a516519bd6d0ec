package dev.sdwebui.api;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.util.Base64;
import javax.imageio.ImageIO;

/** Input pictures for the API tests, and a pixel comparison. */
final class ApiTestImages {

    private ApiTestImages() {
    }

    /** A left half of one colour and a gradient right half, 64x64, as base64 PNG. */
    static String initImage() throws Exception {
        BufferedImage img = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                img.setRGB(x, y, x < 32 ? 0x3366cc : (x * 4) << 16 | (y * 4) << 8 | 0x40);
            }
        }
        return png(img);
    }

    /** White (inpaint) on the top-left quadrant, black elsewhere. */
    static String maskImage() throws Exception {
        BufferedImage img = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 32; x++) {
                img.setRGB(x, y, 0xffffff);
            }
        }
        return png(img);
    }

    static String png(BufferedImage img) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return Base64.getEncoder().encodeToString(out.toByteArray());
    }

    /** Largest channel difference over rows [y0, y1) and columns [x0, x1). */
    static int diff(BufferedImage a, BufferedImage b, int y0, int y1, int x0, int x1) {
        int max = 0;
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                int p = a.getRGB(x, y);
                int q = b.getRGB(x, y);
                for (int s = 0; s <= 16; s += 8) {
                    max = Math.max(max, Math.abs(((p >> s) & 255) - ((q >> s) & 255)));
                }
            }
        }
        return max;
    }
}
