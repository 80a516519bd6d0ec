package dev.sdwebui.pipeline;

import dev.sdwebui.postprocess.ImageResize;
import dev.sdwebui.postprocess.InpaintOverlay;
import dev.sdwebui.postprocess.MaskedFill;
import dev.sdwebui.postprocess.Masks;
import dev.sdwebui.postprocess.PilComposite;
import dev.sdwebui.postprocess.Pixels;
import dev.sdwebui.postprocess.ResizeMode;
import dev.sdwebui.postprocess.Upscaler;
import java.awt.color.ColorSpace;
import dev.sdwebui.postprocess.ImageUpscaler;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Image-side preparation of an img2img job. Ref: A1111 processing.py
 * {@code StableDiffusionProcessingImg2Img.init} (v1.10): binary mask, invert, Gaussian blur in x then y,
 * "Only masked" crop region (or the mask resized with the job's resize mode and doubled for the overlay),
 * flatten on the background colour, resize, overlay, crop, masked-content fill.
 *
 * <p>Deviation: with "Only masked" and a mask whose size differs from the image's, the mask is first
 * resized to the image (A1111 computes the crop box in mask coordinates and crops the image with it).
 */
final class InitImages {

    private InitImages() {
    }

    static PreparedInit prepare(Img2ImgRequest r, String backgroundColor, ImageUpscaler upscaler) {
        int w = r.base().width();
        int h = r.base().height();
        Map<String, Object> extras = new LinkedHashMap<>();
        List<Pixels> originals = new ArrayList<>();
        for (BufferedImage img : r.initImages()) {
            originals.add(PilComposite.flatten(read(img), backgroundColor));
        }
        Pixels imageMask = null;
        Pixels maskForOverlay = null;
        int[] crop = null;
        if (r.mask() != null) {
            Pixels mask = Masks.binary(read(r.mask()), r.maskRound());
            if (r.inpaintingMaskInvert()) {
                mask = Masks.invert(mask);
                extras.put("Mask mode", "Inpaint not masked");
            }
            mask = Masks.blur(mask, r.maskBlurX(), r.maskBlurY());
            if (r.maskBlurX() > 0 || r.maskBlurY() > 0) {
                extras.put("Mask blur", r.maskBlurX() == r.maskBlurY() ? r.maskBlurX() : null);
            }
            Pixels first = originals.get(0);
            if (r.inpaintFullRes()) {
                if (mask.width() != first.width() || mask.height() != first.height()) {
                    mask = ImageResize.resize(r.resizeMode(), mask, first.width(), first.height(), null);
                }
                Optional<int[]> region = Masks.cropRegion(mask, r.inpaintFullResPadding());
                if (region.isPresent()) {
                    crop = Masks.expandCropRegion(region.get(), w, h, mask.width(), mask.height());
                    maskForOverlay = mask;
                    imageMask = ImageResize.resize(ResizeMode.RESIZE_AND_FILL,
                            mask.crop(crop[0], crop[1], crop[2], crop[3]), w, h, null);
                    extras.put("Inpaint area", "Only masked");
                    extras.put("Masked area padding", r.inpaintFullResPadding());
                }
                // A blank mask: A1111 v1.10 falls back to plain img2img (imageMask stays null).
            } else {
                imageMask = ImageResize.resize(r.resizeMode(), mask, w, h, null).toL();
                maskForOverlay = Masks.doubled(imageMask);
            }
        }
        return images(r, originals, imageMask, maskForOverlay, crop, extras, upscaler);
    }

    private static PreparedInit images(Img2ImgRequest r, List<Pixels> originals, Pixels imageMask,
                                       Pixels maskForOverlay, int[] crop, Map<String, Object> extras,
                                       ImageUpscaler upscaler) {
        int w = r.base().width();
        int h = r.base().height();
        List<Pixels> out = new ArrayList<>();
        List<Pixels> overlays = imageMask == null ? null : new ArrayList<>();
        for (Pixels image : originals) {
            if (crop == null && r.resizeMode() != ResizeMode.LATENT_UPSCALE) {
                image = ImageResize.resize(r.resizeMode(), image, w, h, upscaler);
            }
            if (imageMask != null) {
                Pixels m = maskForOverlay;
                if (m.width() != image.width() || m.height() != image.height()) {
                    m = ImageResize.resize(r.resizeMode(), m, image.width(), image.height(), null).toL();
                }
                overlays.add(InpaintOverlay.overlay(image, m));
            }
            if (crop != null) {
                image = image.crop(crop[0], crop[1], crop[2], crop[3]);
                image = ImageResize.resize(ResizeMode.RESIZE_AND_FILL, image, w, h, upscaler);
            }
            if (imageMask != null && r.inpaintingFill() != 1) {
                Pixels fitMask = imageMask;
                if (fitMask.width() != image.width() || fitMask.height() != image.height()) {
                    fitMask = ImageResize.resize(ResizeMode.JUST_RESIZE, imageMask, image.width(), image.height(), null);
                }
                image = MaskedFill.fill(image, fitMask);
                if (r.inpaintingFill() == 0) {
                    extras.put("Masked content", "fill");
                }
            }
            out.add(image.toRgb());
        }
        if (imageMask != null && r.inpaintingFill() == 2) {
            extras.put("Masked content", "latent noise");
        } else if (imageMask != null && r.inpaintingFill() == 3) {
            extras.put("Masked content", "latent nothing");
        }
        int[] pasteTo = crop == null ? null : new int[] {crop[0], crop[1], crop[2] - crop[0], crop[3] - crop[1]};
        return new PreparedInit(out, overlays, pasteTo, imageMask, extras);
    }

    /**
     * The picture as A1111 sees it: only an RGBA image's alpha counts (images.flatten and
     * create_binary_mask test {@code mode == 'RGBA'}); a grey + alpha ("LA") picture is taken as its grey
     * values, as {@code convert('RGB')} / {@code convert('L')} do.
     */
    static Pixels read(BufferedImage img) {
        Pixels p = Pixels.of(img);
        boolean greyAlpha = p.hasAlpha() && img.getColorModel().getColorSpace().getType() == ColorSpace.TYPE_GRAY;
        return greyAlpha ? p.toRgb() : p;
    }
}
