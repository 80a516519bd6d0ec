package dev.sdwebui.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.Map;

/**
 * A1111's {@code StableDiffusionProcessingImg2Img} API body (v1.10 field names). Every field is
 * optional; {@link #withDefaults()} fills A1111's defaults (denoising 0.75, mask_blur 4, inpaint_full_res
 * true...). {@code init_images} and {@code mask} are base64 or data URLs (http(s) URLs when the
 * api_enable_requests setting allows, never to local or private addresses).
 */
@Schema(name = "StableDiffusionProcessingImg2Img")
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Img2ImgApiRequest(
        String prompt, String negativePrompt, List<String> styles, Long seed, Long subseed, Double subseedStrength,
        Integer seedResizeFromH, Integer seedResizeFromW, String samplerName, String scheduler, Integer batchSize,
        Integer nIter, Integer steps, Double cfgScale, Integer width, Integer height, Boolean restoreFaces,
        Boolean tiling, Boolean doNotSaveSamples, Boolean doNotSaveGrid, Double eta, Double denoisingStrength,
        Double sMinUncond, Double sChurn, Double sTmax, Double sTmin, Double sNoise,
        Map<String, Object> overrideSettings, Boolean overrideSettingsRestoreAfterwards, String refinerCheckpoint,
        Double refinerSwitchAt, Boolean disableExtraNetworks, Map<String, Object> comments,
        List<String> initImages, Integer resizeMode, Double imageCfgScale, String mask, Integer maskBlurX,
        Integer maskBlurY, Integer maskBlur, Boolean maskRound, Integer inpaintingFill, Boolean inpaintFullRes,
        Integer inpaintFullResPadding, Integer inpaintingMaskInvert, Double initialNoiseMultiplier, String latentMask,
        String forceTaskId, String samplerIndex, Boolean includeInitImages, String scriptName, List<Object> scriptArgs,
        Boolean sendImages, Boolean saveImages, Map<String, Object> alwaysonScripts, String infotext) {

    /** The same request with A1111's defaults for every absent field (also the {@code parameters} echo). */
    public Img2ImgApiRequest withDefaults() {
        int blurX = maskBlur != null ? maskBlur : or(maskBlurX, 4);
        int blurY = maskBlur != null ? maskBlur : or(maskBlurY, 4);
        return new Img2ImgApiRequest(or(prompt, ""), or(negativePrompt, ""), styles, or(seed, -1L), or(subseed, -1L),
                or(subseedStrength, 0.0), or(seedResizeFromH, -1), or(seedResizeFromW, -1), samplerName, scheduler,
                or(batchSize, 1), or(nIter, 1), or(steps, 50), or(cfgScale, 7.0), or(width, 512), or(height, 512),
                restoreFaces, tiling, or(doNotSaveSamples, false), or(doNotSaveGrid, false), eta,
                or(denoisingStrength, 0.75), sMinUncond, sChurn, sTmax, sTmin, sNoise, overrideSettings,
                or(overrideSettingsRestoreAfterwards, true), refinerCheckpoint, refinerSwitchAt,
                or(disableExtraNetworks, false), comments, initImages, or(resizeMode, 0), imageCfgScale, mask, blurX,
                blurY, blurX == blurY ? Integer.valueOf(blurX) : null, or(maskRound, true), or(inpaintingFill, 0),
                or(inpaintFullRes, true), or(inpaintFullResPadding, 0), or(inpaintingMaskInvert, 0),
                initialNoiseMultiplier, latentMask, forceTaskId, or(samplerIndex, "Euler"), or(includeInitImages, false),
                scriptName, or(scriptArgs, List.of()), or(sendImages, true), or(saveImages, false),
                or(alwaysonScripts, Map.of()), infotext);
    }

    /** The echo of {@code parameters}: without the images unless include_init_images (A1111). */
    public Img2ImgApiRequest echo() {
        Img2ImgApiRequest d = withDefaults();
        if (Boolean.TRUE.equals(d.includeInitImages())) {
            return d;
        }
        return new Img2ImgApiRequest(d.prompt, d.negativePrompt, d.styles, d.seed, d.subseed, d.subseedStrength,
                d.seedResizeFromH, d.seedResizeFromW, d.samplerName, d.scheduler, d.batchSize, d.nIter, d.steps,
                d.cfgScale, d.width, d.height, d.restoreFaces, d.tiling, d.doNotSaveSamples, d.doNotSaveGrid, d.eta,
                d.denoisingStrength, d.sMinUncond, d.sChurn, d.sTmax, d.sTmin, d.sNoise, d.overrideSettings,
                d.overrideSettingsRestoreAfterwards, d.refinerCheckpoint, d.refinerSwitchAt, d.disableExtraNetworks,
                d.comments, null, d.resizeMode, d.imageCfgScale, null, d.maskBlurX, d.maskBlurY, d.maskBlur, d.maskRound,
                d.inpaintingFill, d.inpaintFullRes, d.inpaintFullResPadding, d.inpaintingMaskInvert,
                d.initialNoiseMultiplier, d.latentMask, d.forceTaskId, d.samplerIndex, d.includeInitImages,
                d.scriptName, d.scriptArgs, d.sendImages, d.saveImages, d.alwaysonScripts, d.infotext);
    }

    /** The fields shared with txt2img, as a txt2img body (so both map the same way). */
    Txt2ImgRequest common() {
        return new Txt2ImgRequest(prompt, negativePrompt, styles, seed, subseed, subseedStrength, seedResizeFromH,
                seedResizeFromW, samplerName, scheduler, batchSize, nIter, steps, cfgScale, width, height, restoreFaces,
                tiling, doNotSaveSamples, doNotSaveGrid, eta, denoisingStrength, sMinUncond, sChurn, sTmax, sTmin, sNoise,
                overrideSettings, overrideSettingsRestoreAfterwards, refinerCheckpoint, refinerSwitchAt,
                disableExtraNetworks, null, comments, null, null, null, null, null, null, null, null, null, null, null,
                null, null, forceTaskId, samplerIndex, scriptName, scriptArgs, sendImages, saveImages, alwaysonScripts,
                infotext);
    }

    private static <T> T or(T value, T fallback) {
        return value == null ? fallback : value;
    }
}
