package dev.sdwebui.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.Map;

/**
 * A1111's {@code StableDiffusionProcessingTxt2Img} API body (v1.10 field names, snake_case). Every
 * field is optional; {@link #withDefaults()} fills A1111's defaults (steps 50 in the API, cfg 7,
 * 512x512, seed -1, sampler_index "Euler"...). Unknown fields are ignored, as FastAPI/pydantic does.
 */
@Schema(name = "StableDiffusionProcessingTxt2Img")
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Txt2ImgRequest(
        String prompt, String negativePrompt, List<String> styles, Long seed, Long subseed, Double subseedStrength,
        Integer seedResizeFromH, Integer seedResizeFromW, String samplerName, String scheduler, Integer batchSize,
        Integer nIter, Integer steps, Double cfgScale, Integer width, Integer height, Boolean restoreFaces,
        Boolean tiling, Boolean doNotSaveSamples, Boolean doNotSaveGrid, Double eta, Double denoisingStrength,
        Double sMinUncond, Double sChurn, Double sTmax, Double sTmin, Double sNoise,
        Map<String, Object> overrideSettings, Boolean overrideSettingsRestoreAfterwards, String refinerCheckpoint,
        Double refinerSwitchAt, Boolean disableExtraNetworks, String firstpassImage, Map<String, Object> comments,
        Boolean enableHr, Integer firstphaseWidth, Integer firstphaseHeight, Double hrScale, String hrUpscaler,
        Integer hrSecondPassSteps, Integer hrResizeX, Integer hrResizeY, String hrCheckpointName,
        String hrSamplerName, String hrScheduler, String hrPrompt, String hrNegativePrompt, String forceTaskId,
        String samplerIndex, String scriptName, List<Object> scriptArgs, Boolean sendImages, Boolean saveImages,
        Map<String, Object> alwaysonScripts, String infotext) {

    /** The same request with A1111's defaults for every absent field (also the {@code parameters} echo). */
    public Txt2ImgRequest withDefaults() {
        return new Txt2ImgRequest(or(prompt, ""), or(negativePrompt, ""), styles, or(seed, -1L), or(subseed, -1L),
                or(subseedStrength, 0.0), or(seedResizeFromH, -1), or(seedResizeFromW, -1), samplerName, scheduler,
                or(batchSize, 1), or(nIter, 1), or(steps, 50), or(cfgScale, 7.0), or(width, 512), or(height, 512),
                restoreFaces, tiling, or(doNotSaveSamples, false), or(doNotSaveGrid, false), eta,
                or(denoisingStrength, 0.75), sMinUncond, sChurn, sTmax, sTmin, sNoise, overrideSettings,
                or(overrideSettingsRestoreAfterwards, true), refinerCheckpoint, refinerSwitchAt,
                or(disableExtraNetworks, false), firstpassImage, comments, or(enableHr, false), or(firstphaseWidth, 0),
                or(firstphaseHeight, 0), or(hrScale, 2.0), hrUpscaler, or(hrSecondPassSteps, 0), or(hrResizeX, 0),
                or(hrResizeY, 0), hrCheckpointName, hrSamplerName, hrScheduler, or(hrPrompt, ""),
                or(hrNegativePrompt, ""), forceTaskId, or(samplerIndex, "Euler"), scriptName,
                or(scriptArgs, List.of()), or(sendImages, true), or(saveImages, false), or(alwaysonScripts, Map.of()),
                infotext);
    }

    private static <T> T or(T value, T fallback) {
        return value == null ? fallback : value;
    }
}
