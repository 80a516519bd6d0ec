package dev.sdwebui.pipeline;

import java.util.List;
import java.util.Map;

/**
 * What a finished job reports about itself: the fields of A1111's {@code Processed.js()} (the API's
 * {@code info} JSON), in domain form. Lists are per image of the job (not counting a grid).
 */
public record GenerationInfo(
        String prompt,
        List<String> allPrompts,
        String negativePrompt,
        List<String> allNegativePrompts,
        long seed,
        List<Long> allSeeds,
        long subseed,
        List<Long> allSubseeds,
        double subseedStrength,
        int width,
        int height,
        String samplerName,
        String scheduler,
        double cfgScale,
        int steps,
        int batchSize,
        boolean restoreFaces,
        String faceRestorationModel,
        String sdModelName,
        String sdModelHash,
        String sdVaeName,
        String sdVaeHash,
        int seedResizeFromW,
        int seedResizeFromH,
        Double denoisingStrength,
        Map<String, Object> extraGenerationParams,
        int indexOfFirstImage,
        List<String> infotexts,
        List<String> styles,
        String jobTimestamp,
        int clipSkip,
        boolean isUsingInpaintingConditioning,
        String version) {

    public GenerationInfo {
        allPrompts = List.copyOf(allPrompts);
        allNegativePrompts = List.copyOf(allNegativePrompts);
        allSeeds = List.copyOf(allSeeds);
        allSubseeds = List.copyOf(allSubseeds);
        infotexts = List.copyOf(infotexts);
        styles = List.copyOf(styles);
        extraGenerationParams = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(extraGenerationParams));
    }
}
