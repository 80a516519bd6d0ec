package dev.sdwebui.web;

import dev.sdwebui.postprocess.ImageUpscaler;
import dev.sdwebui.postprocess.upscale.UpscalerCatalog;

import dev.sdwebui.config.Credential;
import dev.sdwebui.config.DataPaths;
import dev.sdwebui.config.LaunchOptions;
import dev.sdwebui.config.SpringProperties;
import dev.sdwebui.config.settings.A1111Settings;
import dev.sdwebui.config.settings.SettingsException;
import dev.sdwebui.config.settings.SettingsRegistry;
import dev.sdwebui.config.settings.SettingsStore;
import dev.sdwebui.config.styles.PromptStyle;
import dev.sdwebui.config.styles.StylesStore;
import dev.sdwebui.model.registry.CheckpointInfo;
import dev.sdwebui.model.registry.CheckpointRegistry;
import dev.sdwebui.model.registry.VaeRegistry;
import dev.sdwebui.sampling.SamplerCatalog;
import dev.sdwebui.sampling.SamplerInfo;
import dev.sdwebui.sampling.schedule.Scheduler;
import java.util.List;
import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;

/**
 * The UI page at / with A1111's tabs: the quicksettings header, txt2img, PNG Info and Settings (built
 * server-side from the settings registry and ui-config.json), and placeholders for the tabs not built
 * yet. Not mounted with --nowebui.
 */
@Controller
@ConditionalOnProperty(name = SpringProperties.WEBUI_ENABLED, havingValue = "true")
class IndexController {

    /** A1111's top-level tabs, in order: id and label. */
    static final List<List<String>> TABS = List.of(List.of("txt2img", "txt2img"), List.of("img2img", "img2img"),
            List.of("extras", "Extras"), List.of("pnginfo", "PNG Info"), List.of("modelmerger", "Checkpoint Merger"),
            List.of("train", "Train"), List.of("settings", "Settings"), List.of("extensions", "Extensions"));

    private final LaunchOptions options;
    private final CheckpointRegistry checkpoints;
    private final SettingsStore settings;
    private final SettingsView settingsView;
    private final SamplerCatalog samplers;
    private final StylesStore styles;
    private final UiConfig uiConfig;
    private final boolean uiAuth;
    private final org.springframework.beans.factory.ObjectProvider<UpscalerCatalog> upscalers;

    IndexController(LaunchOptions options, CheckpointRegistry checkpoints, SettingsStore settings,
                    SettingsRegistry registry, VaeRegistry vaes, SamplerCatalog samplers, StylesStore styles,
                    DataPaths paths, org.springframework.beans.factory.ObjectProvider<UpscalerCatalog> upscalers) {
        this.upscalers = upscalers;
        this.options = options;
        this.checkpoints = checkpoints;
        this.settings = settings;
        this.settingsView = new SettingsView(registry, settings, checkpoints, vaes);
        this.samplers = samplers;
        this.styles = styles;
        this.uiConfig = new UiConfig(paths.uiConfigFile(), options.maxBatchCount());
        this.uiAuth = !Credential.uiUsers(options).isEmpty();
    }

    @GetMapping("/")
    String index(@RequestParam(name = "__theme", required = false) String themeParam, Model model) {
        List<CheckpointInfo> list = checkpoints.list();
        String theme = themeParam != null ? themeParam : options.theme();
        // No --theme: no attribute, and the CSS follows the browser's prefers-color-scheme.
        model.addAttribute("theme", "dark".equals(theme) || "light".equals(theme) ? theme : null);
        model.addAttribute("tabs", TABS);
        model.addAttribute("noCheckpoint", list.isEmpty() ? checkpoints.emptyMessage() : null);
        model.addAttribute("checkpointTitles", list.stream().map(CheckpointInfo::title).toList());
        model.addAttribute("apiEnabled", options.apiEnabled());
        model.addAttribute("uiAuth", uiAuth);
        model.addAttribute("extensionsDisabled", options.disableExtensionAccess());
        model.addAttribute("quicksettings", settingsView.quicksettings());
        model.addAttribute("sections", settingsView.sections());
        model.addAttribute("frozen", settings.frozen());
        model.addAttribute("hideDirs", options.hideUiDirConfig());
        model.addAttribute("local", !options.webuiIsNonLocal() && !options.hideUiDirConfig());
        model.addAttribute("ui", uiConfig.load());
        List<?> hidden = settings.get("hide_samplers") instanceof List<?> l ? l : List.of();
        model.addAttribute("samplers", samplers.samplers().stream().map(SamplerInfo::name)
                .filter(n -> !hidden.contains(n)).toList());
        model.addAttribute("schedulers", samplers.schedulers().stream().map(Scheduler::label).toList());
        model.addAttribute("styles", styles.list().stream().map(PromptStyle::name).toList());
        UpscalerCatalog catalog = upscalers.getIfAvailable(UpscalerCatalog::builtInOnly);
        model.addAttribute("upscalers", catalog.all().stream().map(ImageUpscaler::label).toList());
        return "shell"; // not "index": Spring would also serve that as a welcome page with --nowebui
    }

    /** The checkpoint dropdown: stores sd_model_checkpoint (loading the model is the model cache's job). */
    @PostMapping("/internal/sd-model-checkpoint")
    @ResponseBody
    ResponseEntity<Map<String, Object>> selectCheckpoint(@RequestParam("title") String title) {
        var found = checkpoints.find(title);
        if (found.isEmpty()) {
            return ResponseEntity.badRequest().body(Map.of("error", "checkpoint not found: " + title));
        }
        try {
            settings.set(A1111Settings.SD_MODEL_CHECKPOINT, found.get().title());
        } catch (SettingsException e) {
            return ResponseEntity.status(403).body(Map.of("error", e.getMessage()));
        }
        return ResponseEntity.ok(Map.of("sd_model_checkpoint", found.get().title()));
    }
}
