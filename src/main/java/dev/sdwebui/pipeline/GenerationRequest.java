package dev.sdwebui.pipeline;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One txt2img job as the pipeline sees it (A1111 {@code StableDiffusionProcessingTxt2Img} fields that
 * this build supports). A domain record: the API and the UI map their own DTOs onto it.
 *
 * @param seed             -1 (or any negative) = random
 * @param subseed          variation seed, -1 = random
 * @param subseedStrength  0 = no variation
 * @param seedResizeFromW  "Resize seed from width", pixels; 0 or -1 = off
 * @param samplerName      A1111 sampler name or alias ("Euler a", "k_euler_a", "DPM++ 2M Karras")
 * @param scheduler        scheduler label or name ("Karras", "karras"); null/blank = Automatic
 * @param eta              null = the setting (eta_ancestral / eta_ddim)
 * @param overrideSettings settings applied for this job only (A1111 override_settings; always restored)
 * @param saveImages       API {@code save_images}: write files to outputs/ (the UI always saves)
 * @param disableExtraNetworks A1111 {@code disable_extra_networks}: {@code <lora:...>} tags are still removed
 *                         from the prompt but no network is applied
 */
public record GenerationRequest(
        String prompt,
        String negativePrompt,
        List<String> styles,
        long seed,
        long subseed,
        double subseedStrength,
        int seedResizeFromW,
        int seedResizeFromH,
        String samplerName,
        String scheduler,
        int batchSize,
        int nIter,
        int steps,
        double cfgScale,
        int width,
        int height,
        boolean restoreFaces,
        boolean tiling,
        boolean doNotSaveSamples,
        boolean doNotSaveGrid,
        Double eta,
        Map<String, Object> overrideSettings,
        boolean saveImages,
        boolean disableExtraNetworks) {

    /** A request with extra networks enabled (A1111's default). */
    public GenerationRequest(String prompt, String negativePrompt, List<String> styles, long seed, long subseed,
                             double subseedStrength, int seedResizeFromW, int seedResizeFromH, String samplerName,
                             String scheduler, int batchSize, int nIter, int steps, double cfgScale, int width,
                             int height, boolean restoreFaces, boolean tiling, boolean doNotSaveSamples,
                             boolean doNotSaveGrid, Double eta, Map<String, Object> overrideSettings,
                             boolean saveImages) {
        this(prompt, negativePrompt, styles, seed, subseed, subseedStrength, seedResizeFromW, seedResizeFromH,
                samplerName, scheduler, batchSize, nIter, steps, cfgScale, width, height, restoreFaces, tiling,
                doNotSaveSamples, doNotSaveGrid, eta, overrideSettings, saveImages, false);
    }

    public GenerationRequest {
        prompt = Objects.requireNonNullElse(prompt, "");
        negativePrompt = Objects.requireNonNullElse(negativePrompt, "");
        styles = List.copyOf(Objects.requireNonNullElse(styles, List.of()));
        overrideSettings = java.util.Collections.unmodifiableMap(
                new LinkedHashMap<>(Objects.requireNonNullElse(overrideSettings, Map.of())));
        if (batchSize < 1 || nIter < 1) {
            throw new IllegalArgumentException("batch_size and n_iter must be at least 1");
        }
        if (steps < 1) {
            throw new IllegalArgumentException("steps must be at least 1, got " + steps);
        }
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("width and height must be positive, got " + width + "x" + height);
        }
        if (!Double.isFinite(cfgScale) || !Double.isFinite(subseedStrength)) {
            throw new IllegalArgumentException("cfg_scale and subseed_strength must be finite numbers");
        }
    }

    /** A plain request with A1111's API defaults for everything but the given fields (tests, tools). */
    public static GenerationRequest simple(String prompt, long seed, String sampler, int steps, int width, int height) {
        return new GenerationRequest(prompt, "", List.of(), seed, -1, 0, -1, -1, sampler, null, 1, 1, steps, 7.0,
                width, height, false, false, false, false, null, Map.of(), true);
    }

    /** The same request with other settings overrides. */
    public GenerationRequest withOverrideSettings(Map<String, Object> overrides) {
        return new GenerationRequest(prompt, negativePrompt, styles, seed, subseed, subseedStrength, seedResizeFromW,
                seedResizeFromH, samplerName, scheduler, batchSize, nIter, steps, cfgScale, width, height,
                restoreFaces, tiling, doNotSaveSamples, doNotSaveGrid, eta, overrides, saveImages, disableExtraNetworks);
    }

    /** The same request with another negative prompt and batch size. */
    public GenerationRequest withBatch(String negative, int newBatchSize, int newNIter) {
        return new GenerationRequest(prompt, negative, styles, seed, subseed, subseedStrength, seedResizeFromW,
                seedResizeFromH, samplerName, scheduler, newBatchSize, newNIter, steps, cfgScale, width, height,
                restoreFaces, tiling, doNotSaveSamples, doNotSaveGrid, eta, overrideSettings, saveImages,
                disableExtraNetworks);
    }

    /** The same request with A1111's {@code disable_extra_networks} set. */
    public GenerationRequest withDisableExtraNetworks(boolean disable) {
        return new GenerationRequest(prompt, negativePrompt, styles, seed, subseed, subseedStrength, seedResizeFromW,
                seedResizeFromH, samplerName, scheduler, batchSize, nIter, steps, cfgScale, width, height,
                restoreFaces, tiling, doNotSaveSamples, doNotSaveGrid, eta, overrideSettings, saveImages, disable);
    }
}
