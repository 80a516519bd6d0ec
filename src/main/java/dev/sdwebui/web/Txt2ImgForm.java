package dev.sdwebui.web;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.sdwebui.pipeline.GenerationRequest;
import java.util.List;
import java.util.Map;

/**
 * The txt2img tab's fields as the browser posts them to {@code /internal/txt2img} (A1111's API field
 * names, so the JS can reuse infotext-to-field mappings). Missing numbers arrive as null and take
 * A1111's UI defaults. {@code override_settings} carries pasted settings such as "Clip skip".
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
record Txt2ImgForm(String prompt, String negativePrompt, List<String> styles, Long seed, Long subseed,
                   Double subseedStrength, Integer seedResizeFromW, Integer seedResizeFromH, String samplerName,
                   String scheduler, Integer batchSize, Integer nIter, Integer steps, Double cfgScale, Integer width,
                   Integer height, Boolean restoreFaces, Boolean tiling, Map<String, Object> overrideSettings) {

    /** The pipeline request; the UI always saves its images (A1111 {@code save_images} is API-only). */
    GenerationRequest toRequest() {
        return new GenerationRequest(prompt, negativePrompt, styles, or(seed, -1L), or(subseed, -1L),
                or(subseedStrength, 0.0), or(seedResizeFromW, 0), or(seedResizeFromH, 0), or(samplerName, "Euler a"),
                "Automatic".equalsIgnoreCase(scheduler) ? null : scheduler, or(batchSize, 1), or(nIter, 1), or(steps, 20),
                or(cfgScale, 7.0), or(width, 512), or(height, 512), or(restoreFaces, false), or(tiling, false), false,
                false, null, overrideSettings == null ? Map.of() : overrideSettings, true);
    }

    private static <T> T or(T value, T fallback) {
        return value == null ? fallback : value;
    }
}
