package dev.sdwebui.web;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.sdwebui.pipeline.GenerationRequest;
import dev.sdwebui.pipeline.HiresOptions;
import dev.sdwebui.pipeline.RefinerOptions;
import java.util.List;
import java.util.Map;

/**
 * The txt2img tab's fields as the browser posts them to {@code /internal/txt2img} (A1111's API field
 * names, so the JS can reuse infotext-to-field mappings). Missing numbers arrive as null and take
 * A1111's UI defaults. {@code override_settings} carries pasted settings such as "Clip skip"; the {@code hr_*}
 * fields (with {@code enable_hr}) are the Hires. fix section, {@code refiner_*} the Refiner section.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
record Txt2ImgForm(String prompt, String negativePrompt, List<String> styles, Long seed, Long subseed,
                   Double subseedStrength, Integer seedResizeFromW, Integer seedResizeFromH, String samplerName,
                   String scheduler, Integer batchSize, Integer nIter, Integer steps, Double cfgScale, Integer width,
                   Integer height, Boolean restoreFaces, Boolean tiling, Map<String, Object> overrideSettings,
                   Boolean enableHr, String hrUpscaler, Double hrScale, Integer hrSecondPassSteps,
                   Double denoisingStrength, Integer hrResizeX, Integer hrResizeY, String refinerCheckpoint,
                   Double refinerSwitchAt) {

    /** The pipeline request; the UI always saves its images (A1111 {@code save_images} is API-only). */
    GenerationRequest toRequest() {
        return new GenerationRequest(prompt, negativePrompt, styles, or(seed, -1L), or(subseed, -1L),
                or(subseedStrength, 0.0), or(seedResizeFromW, 0), or(seedResizeFromH, 0), or(samplerName, "Euler a"),
                "Automatic".equalsIgnoreCase(scheduler) ? null : scheduler, or(batchSize, 1), or(nIter, 1), or(steps, 20),
                or(cfgScale, 7.0), or(width, 512), or(height, 512), or(restoreFaces, false), or(tiling, false), false,
                false, null, overrideSettings == null ? Map.of() : overrideSettings, true);
    }

    /**
     * The Hires. fix options, or null when enable_hr is off (A1111 API defaults: scale 2, denoising 0.7,
     * upscaler null = setting latent_upscale_default_mode).
     *
     * @throws IllegalArgumentException for out-of-range values
     */
    HiresOptions toHires() {
        if (!Boolean.TRUE.equals(enableHr)) {
            return null;
        }
        return new HiresOptions(or(hrScale, 2.0), or(hrResizeX, 0), or(hrResizeY, 0),
                hrUpscaler == null || hrUpscaler.isBlank() ? null : hrUpscaler, or(hrSecondPassSteps, 0),
                or(denoisingStrength, 0.7), null, null, "", "");
    }

    /**
     * The Refiner section: null without a checkpoint (or "None"); "Switch at" defaults to A1111's UI value 0.8.
     *
     * @throws IllegalArgumentException for a switch point outside 0..1
     */
    RefinerOptions toRefiner() {
        if (refinerCheckpoint == null || refinerCheckpoint.isBlank() || "None".equalsIgnoreCase(refinerCheckpoint)) {
            return null;
        }
        return new RefinerOptions(refinerCheckpoint, or(refinerSwitchAt, 0.8));
    }

    private static <T> T or(T value, T fallback) {
        return value == null ? fallback : value;
    }
}
