package dev.sdwebui.postprocess;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.util.ArrayList;
import java.util.List;

/**
 * VAE output to 8-bit pictures, exactly as A1111 converts them.
 * Ref: modules/processing.py process_images_inner: {@code clamp((x + 1) / 2, 0, 1)} in float32, then
 * {@code (255. * x).astype(np.uint8)}: a float32 product truncated toward zero, not rounded. Java float
 * arithmetic is IEEE single precision like torch/numpy float32, so every pixel matches.
 */
public final class ImageConversion {

    private ImageConversion() {
    }

    /**
     * One image from a float CHW array.
     *
     * @param chw    [3, H, W] in row-major order, values nominally in [-1, 1]
     * @param offset index of the first element of this image in {@code chw}
     * @return a TYPE_3BYTE_BGR image (what ImageIO writes as 8-bit RGB PNG/JPEG)
     */
    public static BufferedImage toImage(float[] chw, int offset, int height, int width) {
        long plane = (long) height * width;
        if (height <= 0 || width <= 0 || offset < 0 || offset + 3 * plane > chw.length) {
            throw new IllegalArgumentException("expected [3," + height + "," + width + "] floats at offset " + offset
                    + ", array has " + chw.length);
        }
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        byte[] bgr = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
        int p = (int) plane;
        for (int i = 0; i < p; i++) {
            bgr[3 * i] = toByte(chw[offset + 2 * p + i]);
            bgr[3 * i + 1] = toByte(chw[offset + p + i]);
            bgr[3 * i + 2] = toByte(chw[offset + i]);
        }
        return img;
    }

    /** All images of a float BCHW batch ([B, 3, H, W]). */
    public static List<BufferedImage> toImages(float[] bchw, int batch, int height, int width) {
        if ((long) batch * 3 * height * width != bchw.length) {
            throw new IllegalArgumentException("expected [" + batch + ",3," + height + "," + width + "] = "
                    + ((long) batch * 3 * height * width) + " floats, got " + bchw.length);
        }
        List<BufferedImage> out = new ArrayList<>(batch);
        for (int b = 0; b < batch; b++) {
            out.add(toImage(bchw, b * 3 * height * width, height, width));
        }
        return out;
    }

    /** {@code uint8(clamp((x + 1) / 2, 0, 1) * 255)} in float32; NaN becomes 0. */
    static byte toByte(float x) {
        float v = (x + 1.0f) / 2.0f;
        v = v < 0f ? 0f : (v > 1f ? 1f : v);
        return (byte) (int) (255.0f * v);
    }
}
