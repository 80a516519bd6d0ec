package dev.sdwebui.web;

import dev.sdwebui.config.settings.A1111Settings;
import dev.sdwebui.config.settings.SettingKey;
import dev.sdwebui.config.settings.SettingsRegistry;
import dev.sdwebui.config.settings.SettingsStore;
import dev.sdwebui.model.registry.CheckpointInfo;
import dev.sdwebui.model.registry.CheckpointRegistry;
import dev.sdwebui.model.registry.VaeInfo;
import dev.sdwebui.model.registry.VaeRegistry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds the Settings tab from the settings registry: sections in A1111's order with their titles
 * ({@code modules/shared_options.py} {@code OptionsSection}), one control per key of the right kind.
 * Quicksettings keys are left out of the pages and shown in the header instead (A1111 ui_settings.py).
 * With --hide-ui-dir-config the restricted (path) keys are not shown at all.
 */
final class SettingsView {

    /** A1111's section titles by id; unknown sections show their id. */
    private static final Map<String, String> TITLES = Map.ofEntries(
            Map.entry("saving-images", "Saving images/grids"), Map.entry("saving-paths", "Paths for saving"),
            Map.entry("saving-to-dirs", "Saving to a directory"), Map.entry("sd", "Stable Diffusion"),
            Map.entry("sd_vae", "VAE"), Map.entry("sdxl", "Stable Diffusion XL"), Map.entry("img2img", "img2img"), Map.entry("optimizations", "Optimizations"),
            Map.entry("sampler-params", "Sampler parameters"), Map.entry("ui", "User interface"),
            Map.entry("infotext", "Infotext"), Map.entry("live-previews", "Live previews"),
            Map.entry("sd_model_checkpoint", "Stable Diffusion"));

    /** Keys A1111 never shows (hidden OptionInfo). */
    private static final Set<String> HIDDEN = Set.of("sd_checkpoint_hash", "disabled_extensions", "restore_config_state_file");

    /** Fixed dropdown entries of A1111's Dropdown/Radio settings. */
    private static final Map<String, List<String>> CHOICES = Map.ofEntries(
            Map.entry("samples_format", List.of("png", "jpg", "jpeg", "webp", "avif")),
            Map.entry("grid_format", List.of("png", "jpg", "jpeg", "webp", "avif")),
            Map.entry("save_images_replace_action", List.of("Replace", "Add number suffix")),
            Map.entry("emphasis", List.of("None", "Ignore", "Original", "No norm")),
            Map.entry("randn_source", List.of("GPU", "CPU", "NV")),
            Map.entry("show_progress_type", List.of("Full", "Approx NN", "Approx cheap", "TAESD")),
            Map.entry("live_preview_content", List.of("Combined", "Prompt", "Negative prompt")),
            Map.entry("live_previews_image_format", List.of("png", "jpeg", "webp")),
            Map.entry("sd_vae_encode_method", List.of("Full", "TAESD")),
            Map.entry("sd_vae_decode_method", List.of("Full", "TAESD")),
            Map.entry("ddim_discretize", List.of("uniform", "quad")),
            Map.entry("uni_pc_variant", List.of("bh1", "bh2", "vary_coeff")),
            Map.entry("uni_pc_skip_type", List.of("time_uniform", "time_quadratic", "logSNR")),
            Map.entry("sd_noise_schedule", List.of("Default", "Zero Terminal SNR")),
            Map.entry("auto_launch_browser", List.of("Disable", "Local", "Remote")),
            Map.entry("disable_all_extensions", List.of("none", "extra", "all")),
            Map.entry("fp8_storage", List.of("Disable", "Enable for SDXL", "Enable")),
            Map.entry("cross_attention_optimization", List.of("Automatic", "None", "sdp", "sdp-no-mem")),
            Map.entry("hires_fix_refiner_pass", List.of("first pass", "second pass", "both passes")));

    private final SettingsRegistry registry;
    private final SettingsStore store;
    private final CheckpointRegistry checkpoints;
    private final VaeRegistry vaes;

    SettingsView(SettingsRegistry registry, SettingsStore store, CheckpointRegistry checkpoints, VaeRegistry vaes) {
        this.registry = registry;
        this.store = store;
        this.checkpoints = checkpoints;
        this.vaes = vaes;
    }

    /** The quicksettings keys, in the order of quicksettings_list (unknown keys dropped). */
    List<String> quicksettingKeys() {
        List<String> keys = new ArrayList<>();
        for (String k : store.get(A1111Settings.QUICKSETTINGS_LIST)) {
            String key = k.strip();
            if (registry.find(key).isPresent() && !keys.contains(key) && !HIDDEN.contains(key)) {
                keys.add(key);
            }
        }
        return keys;
    }

    /** The header controls: every quicksetting (the checkpoint and VAE dropdowns are always there). */
    List<SettingField> quicksettings() {
        List<String> keys = new ArrayList<>(quicksettingKeys());
        if (!keys.contains(A1111Settings.SD_MODEL_CHECKPOINT.key())) {
            keys.add(0, A1111Settings.SD_MODEL_CHECKPOINT.key());
        }
        if (!keys.contains(A1111Settings.SD_VAE.key())) {
            keys.add(1, A1111Settings.SD_VAE.key());
        }
        return keys.stream().filter(k -> !store.restricted(k)).map(k -> field(registry.find(k).orElseThrow())).toList();
    }

    /** The Settings pages. */
    List<SettingsSection> sections() {
        List<String> quick = new ArrayList<>(quicksettingKeys());
        quick.add(A1111Settings.SD_MODEL_CHECKPOINT.key());
        quick.add(A1111Settings.SD_VAE.key());
        Map<String, List<SettingField>> bySection = new LinkedHashMap<>();
        for (SettingKey<?> k : registry.keys()) {
            if (HIDDEN.contains(k.key()) || quick.contains(k.key()) || store.restricted(k.key())) {
                continue;
            }
            String title = TITLES.getOrDefault(k.section(), k.section());
            bySection.computeIfAbsent(title, t -> new ArrayList<>()).add(field(k));
        }
        List<SettingsSection> out = new ArrayList<>();
        bySection.forEach((title, fields) -> out.add(new SettingsSection(slug(title), title, fields)));
        return out;
    }

    private static String slug(String title) {
        return title.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
    }

    SettingField field(SettingKey<?> k) {
        Object value = store.get(k.key());
        List<String> choices = choices(k.key());
        if (!choices.isEmpty()) {
            String v = value == null ? "" : value.toString();
            if (!v.isEmpty() && !choices.contains(v)) {
                choices = new ArrayList<>(choices);
                choices.add(0, v); // keep a stored value the list does not know (e.g. a removed checkpoint)
            }
            return new SettingField(k.key(), k.label(), "select", v, choices, "");
        }
        if (k.type() == Boolean.class) {
            return new SettingField(k.key(), k.label(), "checkbox", Boolean.TRUE.equals(value), List.of(), "");
        }
        if (k.type() == Integer.class || k.type() == Double.class) {
            return new SettingField(k.key(), k.label(), "number", value, List.of(), k.type() == Integer.class ? "1" : "any");
        }
        if (k.type() == List.class) {
            String joined = value instanceof List<?> l ? String.join(", ", l.stream().map(String::valueOf).toList()) : "";
            return new SettingField(k.key(), k.label(), "list", joined, List.of(), "");
        }
        return new SettingField(k.key(), k.label(), "text", value == null ? "" : value, List.of(), "");
    }

    private List<String> choices(String key) {
        if (key.equals(A1111Settings.SD_MODEL_CHECKPOINT.key())) {
            return checkpoints.list().stream().map(CheckpointInfo::title).toList();
        }
        if (key.equals(A1111Settings.SD_VAE.key())) {
            List<String> list = new ArrayList<>(List.of("Automatic", "None"));
            vaes.list().stream().map(VaeInfo::modelName).forEach(list::add);
            return list;
        }
        return CHOICES.getOrDefault(key, List.of());
    }
}
