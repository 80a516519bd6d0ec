package dev.sdwebui.postprocess;

/**
 * The final inpainting composite: the generated picture, where the (blurred) mask allows, over the
 * original. Ref: A1111 processing.py {@code StableDiffusionProcessingImg2Img.init} (overlay image =
 * original with alpha = 255 - mask_for_overlay) and {@code apply_overlay} / {@code uncrop} (v1.10):
 * for "Only masked" the result is first resized with "Crop and resize" to the crop box and pasted into
 * a transparent canvas of the original's size, then the overlay is alpha-composited on top.
 */
public final class InpaintOverlay {

    private InpaintOverlay() {
    }

    /** The RGBA overlay for one init image (already resized to its processing size). */
    public static Pixels overlay(Pixels image, Pixels maskForOverlay) {
        return PilComposite.withAlphaMask(image, Masks.invert(maskForOverlay.toL()));
    }

    /**
     * A1111 apply_overlay: for "Only masked" {@code uncrop} (the result fitted to the crop box with
     * {@code resize_image(1, ...)} and pasted, opaque, into a transparent canvas of the overlay's size),
     * then {@code image.convert('RGBA').alpha_composite(overlay).convert('RGB')}.
     *
     * @param generated the decoded result (RGB)
     * @param pasteTo   {x, y, w, h} for "Only masked", or null
     * @param overlay   from {@link #overlay}
     * @param upscaler  the upscaler_for_img2img setting, used by the uncrop when the crop box is larger than
     *                  the result (null or {@link Upscaler#NONE}: Lanczos)
     * @return RGB
     */
    public static Pixels apply(Pixels generated, int[] pasteTo, Pixels overlay, ImageUpscaler upscaler) {
        Pixels base;
        if (pasteTo != null) {
            base = Pixels.blank(overlay.width(), overlay.height(), 4);
            Pixels fitted = ImageResize.resize(ResizeMode.CROP_AND_RESIZE, generated.toRgb(), pasteTo[2], pasteTo[3],
                    upscaler);
            base.paste(PilComposite.opaque(fitted), pasteTo[0], pasteTo[1]);
        } else {
            base = PilComposite.opaque(generated);
        }
        return PilComposite.alphaComposite(base, overlay).toRgb();
    }
}
