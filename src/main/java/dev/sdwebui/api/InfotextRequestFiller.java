package dev.sdwebui.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sdwebui.config.settings.SettingKey;
import dev.sdwebui.config.settings.SettingsRegistry;
import dev.sdwebui.config.settings.SettingsStore;
import dev.sdwebui.infotext.InfotextParser;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The {@code infotext} field of txt2img/img2img bodies (A1111 1.8+): parameters read from an infotext
 * fill every field the body does not set, and settings named in it (Clip skip, RNG, ENSD...) go into
 * {@code override_settings} unless already there or equal to the current value.
 * Ref: A1111 api.py {@code apply_infotext}, infotext_utils.py {@code get_override_settings},
 * ui.py txt2img/img2img paste fields and the seed/sampler scripts' {@code infotext_fields}.
 * Values are left as the infotext's strings; {@link LenientJson} coerces them like pydantic does.
 * Differences: A1111's seed script swaps the api names of "Seed resize from-1/-2" (v1.10 bug); here -1
 * is the width. "Use same sampler/scheduler/checkpoint" mean "not set". Model hash and VAE are not
 * turned into overrides (A1111's {@code disable_weights_auto_swap} default; a VAE by name is unreliable).
 */
@Component
class InfotextRequestFiller {

    private static final Map<String, String> COMMON = ordered(
            "Prompt", "prompt", "Negative prompt", "negative_prompt", "Steps", "steps", "Sampler", "sampler_name",
            "Schedule type", "scheduler", "CFG scale", "cfg_scale", "Seed", "seed", "Variation seed", "subseed",
            "Variation seed strength", "subseed_strength", "Seed resize from-1", "seed_resize_from_w",
            "Seed resize from-2", "seed_resize_from_h", "Size-1", "width", "Size-2", "height",
            "Batch size", "batch_size", "Denoising strength", "denoising_strength");
    private static final Map<String, String> TXT2IMG = ordered(
            "Hires upscale", "hr_scale", "Hires upscaler", "hr_upscaler", "Hires steps", "hr_second_pass_steps",
            "Hires resize-1", "hr_resize_x", "Hires resize-2", "hr_resize_y", "Hires checkpoint", "hr_checkpoint_name",
            "Hires sampler", "hr_sampler_name", "Hires schedule type", "hr_scheduler", "Hires prompt", "hr_prompt",
            "Hires negative prompt", "hr_negative_prompt");
    private static final Map<String, String> IMG2IMG = ordered(
            "Image CFG scale", "image_cfg_scale", "Mask blur", "mask_blur");
    /** Ref: shared_options.py {@code OptionInfo(..., infotext=...)}. */
    private static final Map<String, String> SETTINGS = ordered(
            "Clip skip", "CLIP_stop_at_last_layers", "ENSD", "eta_noise_seed_delta", "RNG", "randn_source",
            "Eta", "eta_ancestral", "Eta DDIM", "eta_ddim", "NGMS", "s_min_uncond", "Sigma churn", "s_churn",
            "Sigma tmin", "s_tmin", "Sigma tmax", "s_tmax", "Sigma noise", "s_noise", "Schedule min sigma",
            "sigma_min", "Schedule max sigma", "sigma_max", "Schedule rho", "rho",
            "Discard penultimate sigma", "always_discard_next_to_last_sigma", "SGM noise multiplier",
            "sgm_noise_multiplier", "UniPC variant", "uni_pc_variant", "UniPC skip type", "uni_pc_skip_type",
            "UniPC order", "uni_pc_order", "UniPC lower order final", "uni_pc_lower_order_final",
            "Noise Schedule", "sd_noise_schedule", "Skip Early CFG", "skip_early_cond", "Beta schedule alpha",
            "beta_dist_alpha", "Beta schedule beta", "beta_dist_beta", "Emphasis", "emphasis",
            "Token merging ratio", "token_merging_ratio", "Token merging ratio hr", "token_merging_ratio_hr",
            "Noise multiplier", "initial_noise_multiplier", "Extra noise", "img2img_extra_noise",
            "Pad conds", "pad_cond_uncond", "Pad conds v0", "pad_cond_uncond_v0", "Tiling", "tiling");

    private final SettingsStore settings;
    private final SettingsRegistry registry;
    private final InfotextParser parser = new InfotextParser();

    InfotextRequestFiller(SettingsStore settings, SettingsRegistry registry) {
        this.settings = settings;
        this.registry = registry;
    }

    /** @return the body with fields filled from its {@code infotext}; the body itself when it has none */
    JsonNode apply(JsonNode body, boolean img2img) {
        JsonNode text = body == null ? null : body.get("infotext");
        if (text == null || !text.isTextual() || text.asText().isBlank() || !body.isObject()) {
            return body;
        }
        ObjectNode out = ((ObjectNode) body).deepCopy();
        Map<String, String> params = parser.parse(text.asText());
        fill(out, params, COMMON);
        fill(out, params, img2img ? IMG2IMG : TXT2IMG);
        if (!img2img && !out.has("enable_hr") && params.containsKey("Denoising strength")
                && (params.containsKey("Hires upscale") || params.containsKey("Hires upscaler")
                || params.containsKey("Hires resize-1"))) {
            out.put("enable_hr", true); // Ref: ui.py PasteField(enable_hr, lambda d: ...)
        }
        overrides(out, params);
        return out;
    }

    private static void fill(ObjectNode out, Map<String, String> params, Map<String, String> fields) {
        fields.forEach((label, field) -> {
            String v = params.get(label);
            if (v != null && !out.has(field) && !v.startsWith("Use same ")) {
                out.put(field, v);
            }
        });
    }

    private void overrides(ObjectNode out, Map<String, String> params) {
        JsonNode existing = out.get("override_settings");
        ObjectNode o = existing != null && existing.isObject() ? (ObjectNode) existing : out.objectNode();
        SETTINGS.forEach((label, key) -> {
            String v = params.get(label);
            Optional<SettingKey<?>> k = registry.find(key);
            if (v == null || k.isEmpty() || o.has(key)) {
                return;
            }
            Object cast = cast(k.get(), v);
            if (cast != null && !Objects.equals(cast, settings.get(key))) {
                o.putPOJO(key, cast);
            }
        });
        if (o.size() > 0 && (existing == null || !existing.isObject())) {
            out.set("override_settings", o);
        }
    }

    /** A1111 {@code Options.cast_value}: the type of the default; "False" is false; null when it cannot. */
    private static Object cast(SettingKey<?> k, String v) {
        try {
            if (k.type() == Integer.class) {
                return Integer.parseInt(v.strip());
            }
            if (k.type() == Double.class) {
                return Double.parseDouble(v.strip());
            }
            if (k.type() == Boolean.class) {
                return !v.equals("False") && !v.isEmpty();
            }
            return k.type() == String.class ? v : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Map<String, String> ordered(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }
}
