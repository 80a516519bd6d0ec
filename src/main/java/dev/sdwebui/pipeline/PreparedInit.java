package dev.sdwebui.pipeline;

import dev.sdwebui.postprocess.Pixels;
import java.util.List;
import java.util.Map;

/**
 * The init images as the sampler gets them (A1111 {@code StableDiffusionProcessingImg2Img.init} up to
 * the VAE encode).
 *
 * @param images    RGB at the processing size (or the original size with resize mode 3), masked
 *                  content already filled; one per distinct init image
 * @param overlays  RGBA originals with alpha = 255 - mask_for_overlay, one per image; null without mask
 * @param pasteTo   {x, y, w, h} of the "Only masked" crop in the original, or null
 * @param imageMask the blurred L mask at the processing size (also the latent mask), or null
 * @param extras    infotext entries (Mask blur, Inpaint area, Masked content, ...)
 */
record PreparedInit(List<Pixels> images, List<Pixels> overlays, int[] pasteTo, Pixels imageMask,
                    Map<String, Object> extras) {

    boolean masked() {
        return imageMask != null;
    }
}
