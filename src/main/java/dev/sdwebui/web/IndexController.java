package dev.sdwebui.web;

import dev.sdwebui.config.Credential;
import dev.sdwebui.config.LaunchOptions;
import dev.sdwebui.config.SpringProperties;
import dev.sdwebui.config.settings.A1111Settings;
import dev.sdwebui.config.settings.SettingsException;
import dev.sdwebui.config.settings.SettingsStore;
import dev.sdwebui.model.registry.CheckpointInfo;
import dev.sdwebui.model.registry.CheckpointRegistry;
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
 * The UI shell at / with A1111's tabs and the checkpoint dropdown (the tabs themselves are built by their
 * own features), and the dropdown's endpoint. Not mounted with --nowebui.
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
    private final boolean uiAuth;

    IndexController(LaunchOptions options, CheckpointRegistry checkpoints, SettingsStore settings) {
        this.options = options;
        this.checkpoints = checkpoints;
        this.settings = settings;
        this.uiAuth = !Credential.uiUsers(options).isEmpty();
    }

    @GetMapping("/")
    String index(@RequestParam(name = "__theme", required = false) String themeParam, Model model) {
        List<CheckpointInfo> list = checkpoints.list();
        String theme = themeParam != null ? themeParam : options.theme();
        model.addAttribute("theme", "dark".equals(theme) ? "dark" : "light");
        model.addAttribute("tabs", TABS);
        model.addAttribute("checkpoints", list.stream().map(CheckpointInfo::title).toList());
        model.addAttribute("selected", checkpoints.selected().map(CheckpointInfo::title).orElse(null));
        model.addAttribute("noCheckpoint", list.isEmpty() ? checkpoints.emptyMessage() : null);
        model.addAttribute("apiEnabled", options.apiEnabled());
        model.addAttribute("uiAuth", uiAuth);
        model.addAttribute("extensionsDisabled", options.disableExtensionAccess());
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
