package dev.sdwebui.web;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.sdwebui.pipeline.Img2ImgRequest;
import dev.sdwebui.postprocess.EncodedImages;
import dev.sdwebui.postprocess.ResizeMode;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Map;

/**
 * The img2img tab's fields as posted to {@code /internal/img2img} (A1111 API names, like the API's
 * img2img body; the web layer may not use the api package, so the few image fields are mapped here).
 * Images are {@code data:image/...;base64,} URLs made by the browser; the mask is white where painted.
 * Missing values take A1111's img2img UI defaults.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
record Img2ImgForm(String prompt, String negativePrompt, List<String> styles, Long seed, String samplerName,
                   String scheduler, Integer batchSize, Integer nIter, Integer steps, Double cfgScale, Integer width,
                   Integer height, Map<String, Object> overrideSettings, List<String> initImages, String mask,
                   Integer resizeMode, Double denoisingStrength, Integer maskBlur, Integer inpaintingFill,
                   Boolean inpaintFullRes, Integer inpaintFullResPadding, Integer inpaintingMaskInvert) {

    /** Largest decoded upload accepted (bytes of the encoded picture). */

    /** @throws IllegalArgumentException with a user-facing message (no image, bad image, bad option) */
    Img2ImgRequest toRequest() {
        if (initImages == null || initImages.isEmpty() || initImages.get(0) == null || initImages.get(0).isBlank()) {
            throw new IllegalArgumentException("Upload an image first: img2img needs an init image");
        }
        var base = new Txt2ImgForm(prompt, negativePrompt, styles, seed, null, null, null, null, samplerName,
                scheduler, batchSize, nIter, steps, cfgScale, width, height, false, false, overrideSettings,
                null, null, null, null, null, null, null, null, null).toRequest();
        List<BufferedImage> images = initImages.stream().map(s -> decode(s, "image")).toList();
        BufferedImage maskImage = mask == null || mask.isBlank() ? null : decode(mask, "mask");
        int blur = maskBlur == null ? 4 : maskBlur;
        // Ref: A1111 ui.py img2img tab defaults: resize "Just resize", denoising 0.75, mask blur 4,
        // masked content "original", inpaint area "Whole picture", padding 32.
        return new Img2ImgRequest(base, images, maskImage, ResizeMode.of(resizeMode == null ? 0 : resizeMode),
                denoisingStrength == null ? 0.75 : denoisingStrength, blur, blur, true,
                inpaintingFill == null ? 1 : inpaintingFill, Boolean.TRUE.equals(inpaintFullRes),
                inpaintFullResPadding == null ? 32 : inpaintFullResPadding,
                inpaintingMaskInvert != null && inpaintingMaskInvert != 0, null, null);
    }

    /** Throws {@link EncodedImages.BadImageException} (an IllegalArgumentException) with the reason. */
    static BufferedImage decode(String data, String what) {
        return EncodedImages.decode(data, what);
    }
}
