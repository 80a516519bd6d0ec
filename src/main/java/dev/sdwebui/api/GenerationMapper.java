package dev.sdwebui.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sdwebui.config.settings.A1111Settings;
import dev.sdwebui.config.settings.SettingsStore;
import dev.sdwebui.pipeline.GenerationInfo;
import dev.sdwebui.pipeline.GenerationRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * A1111's txt2img API body to the pipeline's request, and the pipeline's info to A1111's
 * {@code info} JSON. Ref: A1111 api.py {@code text2imgapi}: {@code sampler_name or sampler_index},
 * {@code do_not_save_samples = do_not_save_grid = not save_images}, unset {@code restore_faces}/{@code tiling}
 * take the settings; {@code s_churn}... override the settings of the same name for this job.
 */
@Component
class GenerationMapper {

    private final SettingsStore settings;
    private final ObjectMapper json;

    GenerationMapper(SettingsStore settings, ObjectMapper json) {
        this.settings = settings;
        this.json = json;
    }

    /**
     * @throws ApiException 400/422 for what this build cannot do, IllegalArgumentException for bad values
     * @throws ApiValidationException 422 for sizes, batch or steps out of {@link RequestBounds}
     */
    GenerationRequest toRequest(Txt2ImgRequest raw) {
        RequestBounds.check(raw);
        Txt2ImgRequest r = raw.withDefaults();
        rejectUnsupported(r);
        Map<String, Object> overrides = new LinkedHashMap<>(r.overrideSettings() == null ? Map.of() : r.overrideSettings());
        putIfSet(overrides, "s_churn", r.sChurn());
        putIfSet(overrides, "s_tmin", r.sTmin());
        putIfSet(overrides, "s_tmax", r.sTmax());
        putIfSet(overrides, "s_noise", r.sNoise());
        putIfSet(overrides, "s_min_uncond", r.sMinUncond());
        boolean save = Boolean.TRUE.equals(r.saveImages());
        boolean tiling = r.tiling() != null ? r.tiling() : settings.get(A1111Settings.TILING);
        boolean restoreFaces = r.restoreFaces() != null ? r.restoreFaces() : Boolean.TRUE.equals(settings.get("face_restoration"));
        String sampler = r.samplerName() != null && !r.samplerName().isBlank() ? r.samplerName() : r.samplerIndex();
        return new GenerationRequest(r.prompt(), r.negativePrompt(), r.styles(), r.seed(), r.subseed(),
                r.subseedStrength(), r.seedResizeFromW(), r.seedResizeFromH(), sampler, r.scheduler(), r.batchSize(),
                r.nIter(), r.steps(), r.cfgScale(), r.width(), r.height(), restoreFaces, tiling, !save, !save, r.eta(),
                overrides, save, Boolean.TRUE.equals(r.disableExtraNetworks()));
    }

    private static void rejectUnsupported(Txt2ImgRequest r) {
        if (r.scriptName() != null && !r.scriptName().isBlank()) {
            throw new ApiException(HttpStatus.UNPROCESSABLE_ENTITY, "Script '" + r.scriptName() + "' not found");
        }
        if (r.alwaysonScripts() != null && !r.alwaysonScripts().isEmpty()) {
            String name = r.alwaysonScripts().keySet().iterator().next();
            throw new ApiException(HttpStatus.UNPROCESSABLE_ENTITY, "always on script " + name + " not found");
        }
    }

    /**
     * A1111's Refiner of a txt2img body, or null when {@code refiner_checkpoint} is absent, empty or "None". Without
     * {@code refiner_switch_at} A1111 applies no threshold, i.e. the refiner takes over at the first step.
     */
    dev.sdwebui.pipeline.RefinerOptions toRefiner(Txt2ImgRequest r) {
        String name = r.refinerCheckpoint();
        if (name == null || name.isBlank() || "None".equalsIgnoreCase(name)) {
            return null;
        }
        return new dev.sdwebui.pipeline.RefinerOptions(name, r.refinerSwitchAt() == null ? 0.0 : r.refinerSwitchAt());
    }

    /**
     * The hires fix of a txt2img body, or null when enable_hr is off. hr_checkpoint_name other than the
     * current one ("Use same checkpoint" or empty) is refused: this build does not switch checkpoints
     * between the passes.
     */
    dev.sdwebui.pipeline.HiresOptions toHires(Txt2ImgRequest raw) {
        Txt2ImgRequest r = raw.withDefaults();
        if (!Boolean.TRUE.equals(r.enableHr())) {
            return null;
        }
        String ckpt = r.hrCheckpointName();
        if (ckpt != null && !ckpt.isBlank() && !"Use same checkpoint".equals(ckpt)) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "hr_checkpoint_name: switching checkpoints for the hires"
                    + " pass is not supported; leave it empty or \"Use same checkpoint\"");
        }
        try {
            return new dev.sdwebui.pipeline.HiresOptions(r.hrScale(), r.hrResizeX(), r.hrResizeY(), r.hrUpscaler(),
                    r.hrSecondPassSteps(), r.denoisingStrength(), same(r.hrSamplerName(), "Use same sampler"),
                    same(r.hrScheduler(), "Use same scheduler"), r.hrPrompt(),
                    r.hrNegativePrompt());
        } catch (IllegalArgumentException e) {
            throw new ApiException(HttpStatus.BAD_REQUEST, e.getMessage());
        }
    }

    /** The UI's dropdown sentinel, which clients copying the UI also send, means "the first pass's". */
    private static String same(String value, String sentinel) {
        return sentinel.equals(value) ? null : value;
    }

    private static void putIfSet(Map<String, Object> overrides, String key, Object value) {
        if (value != null) {
            overrides.putIfAbsent(key, value);
        }
    }

    /** A1111 {@code Processed.js()} as JSON text (key order as A1111). */
    String infoJson(GenerationInfo i) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("prompt", i.prompt());
        m.put("all_prompts", i.allPrompts());
        m.put("negative_prompt", i.negativePrompt());
        m.put("all_negative_prompts", i.allNegativePrompts());
        m.put("seed", i.seed());
        m.put("all_seeds", i.allSeeds());
        m.put("subseed", i.subseed());
        m.put("all_subseeds", i.allSubseeds());
        m.put("subseed_strength", i.subseedStrength());
        m.put("width", i.width());
        m.put("height", i.height());
        m.put("sampler_name", i.samplerName());
        m.put("cfg_scale", i.cfgScale());
        m.put("steps", i.steps());
        m.put("batch_size", i.batchSize());
        m.put("restore_faces", i.restoreFaces());
        m.put("face_restoration_model", i.faceRestorationModel());
        m.put("sd_model_name", i.sdModelName());
        m.put("sd_model_hash", i.sdModelHash());
        m.put("sd_vae_name", i.sdVaeName());
        m.put("sd_vae_hash", i.sdVaeHash());
        m.put("seed_resize_from_w", i.seedResizeFromW());
        m.put("seed_resize_from_h", i.seedResizeFromH());
        m.put("denoising_strength", i.denoisingStrength());
        m.put("extra_generation_params", i.extraGenerationParams());
        m.put("index_of_first_image", i.indexOfFirstImage());
        m.put("infotexts", i.infotexts());
        m.put("styles", i.styles());
        m.put("job_timestamp", i.jobTimestamp());
        m.put("clip_skip", i.clipSkip());
        m.put("is_using_inpainting_conditioning", i.isUsingInpaintingConditioning());
        m.put("version", i.version());
        try {
            return json.writeValueAsString(m);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write info JSON", e);
        }
    }
}
