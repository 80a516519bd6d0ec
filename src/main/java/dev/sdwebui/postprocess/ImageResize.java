package dev.sdwebui.postprocess;

/**
 * A1111 {@code images.resize_image(resize_mode, im, width, height, upscaler_name)}.
 * Ref: modules/images.py (v1.10). Mode 0 stretches; 1 scales to cover and crops the centre; 2 (and 3,
 * which A1111 routes through the same else-branch) scales to fit, centres, and fills the borders by
 * stretching the first/last row (or column) of the resized picture: {@code resized.resize((w, fill),
 * box=(0, 0, w, 0))} with no {@code resample} argument, i.e. Pillow's default BICUBIC (not the LANCZOS
 * of the main resize) over a zero-height (zero-width) box, so each strip row is the bicubic blend of the
 * 2 (support 2, centre on the edge) outermost rows. A fill of 0 pixels pastes nothing.
 */
public final class ImageResize {

    /** The filter of the fill strips: Pillow's default for {@code Image.resize} of L/RGB images. */
    private static final PilResample.Filter STRIP = PilResample.Filter.BICUBIC;

    private ImageResize() {
    }

    /**
     * @param upscaler used when the picture grows (A1111: not for "None" or L images, which resize with
     *                 Lanczos directly)
     */
    public static Pixels resize(ResizeMode mode, Pixels im, int width, int height, ImageUpscaler upscaler) {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("target size must be positive, got " + width + "x" + height);
        }
        if (mode == ResizeMode.JUST_RESIZE) {
            return scale(im, width, height, upscaler);
        }
        double ratio = (double) width / height;
        double srcRatio = (double) im.width() / im.height();
        // int(im.width * height // im.height): Python floor division of non-negative ints.
        int fitW = im.width() * height / im.height();
        int fitH = im.height() * width / im.width();
        Pixels res = Pixels.blank(width, height, im.channels() == 1 ? 1 : 3);
        if (mode == ResizeMode.CROP_AND_RESIZE) {
            int srcW = ratio > srcRatio ? width : fitW;
            int srcH = ratio <= srcRatio ? height : fitH;
            Pixels resized = asOutput(scale(im, srcW, srcH, upscaler), res.channels());
            res.paste(resized, width / 2 - srcW / 2, height / 2 - srcH / 2);
            return res;
        }
        int srcW = ratio < srcRatio ? width : fitW;
        int srcH = ratio >= srcRatio ? height : fitH;
        Pixels resized = asOutput(scale(im, srcW, srcH, upscaler), res.channels());
        int left = width / 2 - srcW / 2;
        int top = height / 2 - srcH / 2;
        res.paste(resized, left, top);
        if (ratio < srcRatio) {
            int fill = height / 2 - srcH / 2;
            if (fill > 0) {
                res.paste(PilResample.resize(resized, width, fill, STRIP, 0, 0, width, 0), 0, 0);
                res.paste(PilResample.resize(resized, width, fill, STRIP, 0, resized.height(), width, resized.height()),
                        0, fill + srcH);
            }
        } else if (ratio > srcRatio) {
            int fill = width / 2 - srcW / 2;
            if (fill > 0) {
                res.paste(PilResample.resize(resized, fill, height, STRIP, 0, 0, 0, height), 0, 0);
                res.paste(PilResample.resize(resized, fill, height, STRIP, resized.width(), 0, resized.width(), height),
                        fill + srcW, 0);
            }
        }
        return res;
    }

    /** The inner {@code resize(im, w, h)} of A1111's resize_image. */
    static Pixels scale(Pixels im, int w, int h, ImageUpscaler upscaler) {
        if (upscaler == null || upscaler == Upscaler.NONE || im.channels() == 1) {
            return PilResample.resize(im, w, h, PilResample.Filter.LANCZOS);
        }
        double s = Math.max((double) w / im.width(), (double) h / im.height());
        if (s > 1.0) {
            im = upscaler.upscale(im, s);
        }
        if (im.width() != w || im.height() != h) {
            im = PilResample.resize(im, w, h, PilResample.Filter.LANCZOS);
        }
        return im;
    }

    /** Pasting RGBA into A1111's {@code Image.new("RGB")} drops alpha. */
    private static Pixels asOutput(Pixels p, int channels) {
        return channels == 1 ? p.toL() : p.toRgb();
    }
}
