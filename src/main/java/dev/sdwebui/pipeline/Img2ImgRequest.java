package dev.sdwebui.pipeline;

import dev.sdwebui.postprocess.ResizeMode;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Objects;

/**
 * One img2img / inpaint job (A1111 {@code StableDiffusionProcessingImg2Img} fields this build supports):
 * the common generation fields plus the init images and the inpainting options.
 *
 * @param base                   prompt, seeds, sampler, size, batch... (width/height = processing size)
 * @param initImages             one image (repeated over the batch) or up to batch_size images
 * @param mask                   inpainting mask (white = repaint; RGBA masks use alpha), or null
 * @param denoisingStrength      0..1
 * @param maskBlurX              Gaussian sigma across x (cv2), 0 = off
 * @param inpaintingFill         0 fill, 1 original, 2 latent noise, 3 latent nothing
 * @param inpaintFullRes         "Only masked": crop to the mask, process at full size, paste back
 * @param initialNoiseMultiplier null = setting {@code initial_noise_multiplier}
 * @param imageCfgScale          InstructPix2Pix only; recorded, not used by SD 1.x models
 */
public record Img2ImgRequest(GenerationRequest base, List<BufferedImage> initImages, BufferedImage mask,
                             ResizeMode resizeMode, double denoisingStrength, int maskBlurX, int maskBlurY,
                             boolean maskRound, int inpaintingFill, boolean inpaintFullRes,
                             int inpaintFullResPadding, boolean inpaintingMaskInvert, Double initialNoiseMultiplier,
                             Double imageCfgScale) {

    public Img2ImgRequest {
        Objects.requireNonNull(base, "base");
        initImages = List.copyOf(Objects.requireNonNull(initImages, "initImages"));
        resizeMode = Objects.requireNonNullElse(resizeMode, ResizeMode.JUST_RESIZE);
        if (initImages.isEmpty()) {
            throw new IllegalArgumentException("Init image not found");
        }
        if (!(denoisingStrength >= 0 && denoisingStrength <= 1)) {
            throw new IllegalArgumentException("denoising_strength must be between 0 and 1, got " + denoisingStrength);
        }
        if (maskBlurX < 0 || maskBlurY < 0 || inpaintFullResPadding < 0) {
            throw new IllegalArgumentException("mask_blur and inpaint_full_res_padding must not be negative");
        }
        if (inpaintingFill < 0 || inpaintingFill > 3) {
            throw new IllegalArgumentException("inpainting_fill must be 0..3, got " + inpaintingFill);
        }
        if (initialNoiseMultiplier != null && !Double.isFinite(initialNoiseMultiplier)) {
            throw new IllegalArgumentException("initial_noise_multiplier must be a finite number");
        }
        if (initImages.size() > 1 && initImages.size() > base.batchSize()) {
            // Ref: A1111 StableDiffusionProcessingImg2Img.init: "bad number of images passed"
            throw new IllegalArgumentException("bad number of images passed: " + initImages.size() + "; expecting "
                    + base.batchSize() + " or less");
        }
    }

    /** Plain img2img with A1111's API defaults for the inpainting fields. */
    public static Img2ImgRequest of(GenerationRequest base, List<BufferedImage> images, double denoisingStrength) {
        return new Img2ImgRequest(base, images, null, ResizeMode.JUST_RESIZE, denoisingStrength, 4, 4, true, 0, true, 0,
                false, null, null);
    }

    /** The same request with a mask and inpainting options. */
    public Img2ImgRequest withMask(BufferedImage newMask, int blur, int fill, boolean fullRes, int padding,
                                   boolean invert) {
        return new Img2ImgRequest(base, initImages, newMask, resizeMode, denoisingStrength, blur, blur, maskRound, fill,
                fullRes, padding, invert, initialNoiseMultiplier, imageCfgScale);
    }

    /** The same request with another resize mode. */
    public Img2ImgRequest withResizeMode(ResizeMode mode) {
        return new Img2ImgRequest(base, initImages, mask, mode, denoisingStrength, maskBlurX, maskBlurY, maskRound,
                inpaintingFill, inpaintFullRes, inpaintFullResPadding, inpaintingMaskInvert, initialNoiseMultiplier,
                imageCfgScale);
    }

    /**
     * The batch actually run: a list of several init images sets batch_size to its length (A1111).
     */
    public int effectiveBatchSize() {
        return initImages.size() > 1 ? initImages.size() : base.batchSize();
    }
}
