package dev.sdwebui.api;

import dev.sdwebui.config.settings.A1111Settings;
import dev.sdwebui.config.settings.SettingsException;
import dev.sdwebui.config.settings.SettingsStore;
import dev.sdwebui.model.registry.CheckpointRegistry;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;

/**
 * GET/POST /sdapi/v1/options. POST validates every key first (unknown key or wrong type: 400, nothing
 * changed), --freeze-settings and --hide-ui-dir-config locks: 403 with A1111's messages; then saves
 * config.json. A checkpoint that is not listed is refused (A1111 raised a 500 RuntimeError).
 */
@SdApiController
class OptionsController {

    private final SettingsStore settings;
    private final CheckpointRegistry checkpoints;

    OptionsController(SettingsStore settings, CheckpointRegistry checkpoints) {
        this.settings = settings;
        this.checkpoints = checkpoints;
    }

    @GetMapping("/options")
    Map<String, Object> get() {
        return settings.all();
    }

    @PostMapping("/options")
    void set(@RequestBody Map<String, Object> changes) {
        Map<String, Object> c = new LinkedHashMap<>(changes);
        Object ckpt = c.get(A1111Settings.SD_MODEL_CHECKPOINT.key());
        if (ckpt instanceof String id) {
            var found = checkpoints.find(id).orElseThrow(() -> new ApiException(HttpStatus.BAD_REQUEST,
                    "checkpoint not found: " + id));
            c.put(A1111Settings.SD_MODEL_CHECKPOINT.key(), found.title());
        }
        try {
            settings.setAll(c);
        } catch (SettingsException e) {
            HttpStatus status = switch (e.reason()) {
                case FROZEN, RESTRICTED -> HttpStatus.FORBIDDEN;
                default -> HttpStatus.BAD_REQUEST;
            };
            throw new ApiException(status, e.getMessage());
        }
    }
}
