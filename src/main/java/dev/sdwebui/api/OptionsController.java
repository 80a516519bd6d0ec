package dev.sdwebui.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.sdwebui.config.settings.A1111Settings;
import dev.sdwebui.config.settings.SettingsException;
import dev.sdwebui.config.settings.SettingsStore;
import dev.sdwebui.model.registry.CheckpointInfo;
import dev.sdwebui.model.registry.CheckpointRegistry;
import dev.sdwebui.pipeline.LoadedModel;
import dev.sdwebui.pipeline.ModelService;
import dev.sdwebui.queue.JobFailedException;
import dev.sdwebui.queue.JobQueue;
import dev.sdwebui.queue.JobSpec;
import dev.sdwebui.queue.QueueFullException;
import io.swagger.v3.oas.annotations.Operation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;

/**
 * GET/POST /sdapi/v1/options. Ref: A1111 api.py {@code get_config}/{@code set_config}.
 * <ul>
 * <li>GET: every setting; {@code sd_model_checkpoint} is the title of the model jobs use (the loaded
 *     one, with its hash, or the one that will be loaded; not a job's override), as A1111 writes the loaded
 *     title into the setting and restores it after an override.</li>
 * <li>POST: every key is validated first (unknown key or wrong type: 400, nothing changed;
 *     --freeze-settings / --hide-ui-dir-config: 403). A new {@code sd_model_checkpoint} is loaded
 *     through the job queue (never beside a job) before the answer; an unknown name answers A1111's
 *     "model 'x' not found" (A1111: a 500); a checkpoint that cannot be loaded keeps the previous model,
 *     nothing is changed and the answer carries the reason. Then config.json is written and the answer is
 *     JSON {@code null}, as A1111's.</li>
 * </ul>
 */
@SdApiController
class OptionsController {

    private final SettingsStore settings;
    private final CheckpointRegistry checkpoints;
    private final ModelService models;
    private final JobQueue queue;
    private final ObjectMapper json;

    OptionsController(SettingsStore settings, CheckpointRegistry checkpoints, ModelService models, JobQueue queue,
                      ObjectMapper json) {
        this.settings = settings;
        this.checkpoints = checkpoints;
        this.models = models;
        this.queue = queue;
        this.json = json;
    }

    @Operation(summary = "Get Config", description = "Every setting; sd_model_checkpoint is the loaded model's title.")
    @GetMapping("/options")
    Map<String, Object> get() {
        Map<String, Object> all = settings.all();
        String title = models.selected().map(CheckpointInfo::title).orElse(null);
        if (title != null) {
            all.put(A1111Settings.SD_MODEL_CHECKPOINT.key(), title);
        }
        return all;
    }

    @Operation(summary = "Set Config", description = "Validates and saves settings; a new sd_model_checkpoint is"
            + " loaded (queued) before the answer. Answers null.")
    @PostMapping("/options")
    JsonNode set(@RequestBody(required = false) JsonNode body) throws InterruptedException {
        Map<String, Object> c = changes(body);
        String key = A1111Settings.SD_MODEL_CHECKPOINT.key();
        CheckpointInfo target = null;
        if (c.containsKey(key) && c.get(key) != null) {
            Object id = c.get(key);
            target = checkpoints.find(String.valueOf(id)).orElseThrow(() -> new ApiException(HttpStatus.BAD_REQUEST,
                    "model " + (id instanceof String s ? "'" + s + "'" : String.valueOf(id)) + " not found"));
            c.put(key, target.title());
        }
        apply(() -> settings.validate(c));
        if (target != null) {
            c.put(key, load(target).info().title());
        }
        apply(() -> settings.setAll(c));
        return NullNode.getInstance();
    }

    private Map<String, Object> changes(JsonNode body) {
        if (body == null || body.isNull()) {
            return new LinkedHashMap<>();
        }
        if (!body.isObject()) {
            throw new ApiValidationException(List.of(new ApiValidationException.Item(List.of("body"),
                    "value is not a valid dict", "type_error.dict")), body.toString());
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> m = json.convertValue(body, LinkedHashMap.class);
        return m;
    }

    private static void apply(Runnable action) {
        try {
            action.run();
        } catch (SettingsException e) {
            HttpStatus status = switch (e.reason()) {
                case FROZEN, RESTRICTED -> HttpStatus.FORBIDDEN;
                default -> HttpStatus.BAD_REQUEST;
            };
            throw new ApiException(status, e.getMessage());
        }
    }

    /** Loads on the worker, so never while a job samples; the previous model stays when this fails. */
    private LoadedModel load(CheckpointInfo target) throws InterruptedException {
        try {
            return queue.submit(JobSpec.of("sd_model_checkpoint", ctx -> models.select(target))).await();
        } catch (QueueFullException e) {
            throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "The job queue is full; try again later");
        } catch (IllegalArgumentException e) {
            throw new ApiException(HttpStatus.BAD_REQUEST, e.getMessage());
        } catch (JobFailedException e) {
            // a file that is no checkpoint is the caller's choice (400); anything else is the server's (500)
            HttpStatus status = e.getCause() instanceof IllegalArgumentException ? HttpStatus.BAD_REQUEST
                    : HttpStatus.INTERNAL_SERVER_ERROR;
            throw new ApiException(status, e.getMessage());
        }
    }
}
