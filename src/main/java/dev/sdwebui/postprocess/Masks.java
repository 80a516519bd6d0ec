package dev.sdwebui.postprocess;

import java.util.Optional;

/**
 * Inpainting mask operations on L masks (255 = repaint).
 * Ref: A1111 processing.py {@code create_binary_mask}, the mask blur of
 * {@code StableDiffusionProcessingImg2Img.init} (cv2.GaussianBlur, see {@link CvGaussianBlur}), modules/masking.py
 * {@code get_crop_region_v2} and {@code expand_crop_region} (v1.10).
 */
public final class Masks {

    private Masks() {
    }

    /**
     * A1111 create_binary_mask: an RGBA mask whose alpha is not fully opaque is taken from its alpha
     * channel, thresholded at 128 when {@code round} (255 if a > 128 else 0); anything else is
     * {@code convert('L')} (luma).
     */
    public static Pixels binary(Pixels mask, boolean round) {
        if (mask.hasAlpha() && !alphaAllOpaque(mask)) {
            Pixels a = mask.channel(3);
            if (round) {
                int[] d = a.data();
                for (int i = 0; i < d.length; i++) {
                    d[i] = d[i] > 128 ? 255 : 0;
                }
            }
            return a;
        }
        return mask.toL();
    }

    private static boolean alphaAllOpaque(Pixels p) {
        for (int i = 3; i < p.data().length; i += 4) {
            if (p.data()[i] != 255) {
                return false;
            }
        }
        return true;
    }

    /** PIL {@code ImageOps.invert}. */
    public static Pixels invert(Pixels mask) {
        int[] d = mask.data().clone();
        for (int i = 0; i < d.length; i++) {
            d[i] = 255 - d[i];
        }
        return new Pixels(mask.width(), mask.height(), mask.channels(), d);
    }

    /**
     * A1111's mask blur: {@code cv2.GaussianBlur(mask, (k, 1), blur_x)} when blur_x > 0, then
     * {@code cv2.GaussianBlur(mask, (1, k), blur_y)} when blur_y > 0, each with
     * {@code k = 2 * int(2.5 * blur + 0.5) + 1}, bit-exact with OpenCV's 8-bit fixed-point path.
     */
    public static Pixels blur(Pixels mask, int blurX, int blurY) {
        return gaussianBlur(gaussianBlur(mask, blurX, true), blurY, false);
    }

    /**
     * One axis of A1111's mask blur ({@link #blur}); sigma 0 returns the mask unchanged.
     *
     * @param horizontal true for A1111's (ksize, 1) blur (mask_blur_x), false for (1, ksize)
     */
    public static Pixels gaussianBlur(Pixels mask, double sigma, boolean horizontal) {
        if (sigma <= 0) {
            return mask;
        }
        return CvGaussianBlur.blur(mask, CvGaussianBlur.a1111KernelSize(sigma), sigma, horizontal);
    }

    /**
     * A1111 get_crop_region_v2: the bounding box of non-zero pixels grown by {@code pad} and clipped
     * to the image, as (x1, y1, x2, y2) with exclusive ends; empty when the mask is blank.
     */
    public static Optional<int[]> cropRegion(Pixels mask, int pad) {
        Pixels l = mask.toL();
        int x1 = l.width();
        int y1 = l.height();
        int x2 = -1;
        int y2 = -1;
        for (int y = 0; y < l.height(); y++) {
            for (int x = 0; x < l.width(); x++) {
                if (l.data()[y * l.width() + x] != 0) {
                    x1 = Math.min(x1, x);
                    y1 = Math.min(y1, y);
                    x2 = Math.max(x2, x);
                    y2 = Math.max(y2, y);
                }
            }
        }
        if (x2 < 0) {
            return Optional.empty();
        }
        return Optional.of(new int[] {Math.max(x1 - pad, 0), Math.max(y1 - pad, 0), Math.min(x2 + 1 + pad, l.width()),
            Math.min(y2 + 1 + pad, l.height())});
    }

    /**
     * A1111 expand_crop_region: grows the region's short side so it has the processing aspect ratio,
     * shifting it back inside the image where it overflows.
     */
    public static int[] expandCropRegion(int[] region, int procW, int procH, int imageW, int imageH) {
        int x1 = region[0];
        int y1 = region[1];
        int x2 = region[2];
        int y2 = region[3];
        double ratioCrop = (double) (x2 - x1) / (y2 - y1);
        double ratioProc = (double) procW / procH;
        if (ratioCrop > ratioProc) {
            double desired = (x2 - x1) / ratioProc;
            int diff = (int) (desired - (y2 - y1));
            y1 -= Math.floorDiv(diff, 2);
            y2 += diff - Math.floorDiv(diff, 2);
            if (y2 >= imageH) {
                int d = y2 - imageH;
                y2 -= d;
                y1 -= d;
            }
            if (y1 < 0) {
                y2 -= y1;
                y1 = 0;
            }
            if (y2 >= imageH) {
                y2 = imageH;
            }
        } else {
            double desired = (y2 - y1) * ratioProc;
            int diff = (int) (desired - (x2 - x1));
            x1 -= Math.floorDiv(diff, 2);
            x2 += diff - Math.floorDiv(diff, 2);
            if (x2 >= imageW) {
                int d = x2 - imageW;
                x2 -= d;
                x1 -= d;
            }
            if (x1 < 0) {
                x2 -= x1;
                x1 = 0;
            }
            if (x2 >= imageW) {
                x2 = imageW;
            }
        }
        return new int[] {x1, y1, x2, y2};
    }

    /** A1111's mask_for_overlay without "Only masked": {@code clip(mask * 2, 0, 255)}. */
    public static Pixels doubled(Pixels mask) {
        int[] d = mask.data().clone();
        for (int i = 0; i < d.length; i++) {
            d[i] = Math.min(255, d[i] * 2);
        }
        return new Pixels(mask.width(), mask.height(), mask.channels(), d);
    }
}
