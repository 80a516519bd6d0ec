package dev.sdwebui.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sdwebui.config.SpringProperties;
import dev.sdwebui.pipeline.GenerationResult;
import dev.sdwebui.queue.CancelOutcome;
import dev.sdwebui.queue.JobEvent;
import dev.sdwebui.queue.JobHandle;
import dev.sdwebui.queue.JobNotFoundException;
import dev.sdwebui.queue.JobQueue;
import dev.sdwebui.queue.JobView;
import dev.sdwebui.queue.Subscription;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Our asynchronous API beyond A1111: submit a txt2img job and get its id at once, poll it, cancel it,
 * or follow it as Server-Sent Events. Same body as {@code POST /sdapi/v1/txt2img}; same auth as /sdapi.
 */
@RestController
@RequestMapping("/sdapi/v2/jobs")
@ConditionalOnProperty(name = SpringProperties.API_ENABLED, havingValue = "true")
@Tag(name = "jobs", description = "Asynchronous generation jobs (sd-webui extension of the A1111 API)")
class JobsController {

    private static final long SSE_TIMEOUT_MS = 30 * 60 * 1000L;
    private final Txt2ImgApiService txt2img;
    private final JobQueue queue;
    private final Map<String, Txt2ImgRequest> bodies = java.util.Collections.synchronizedMap(
            new LinkedHashMap<>(16, 0.75f, false) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Txt2ImgRequest> eldest) {
                    return size() > 500;
                }
            });

    private final LenientJson json;
    private final InfotextRequestFiller infotext;

    JobsController(Txt2ImgApiService txt2img, JobQueue queue, LenientJson json, InfotextRequestFiller infotext) {
        this.txt2img = txt2img;
        this.queue = queue;
        this.json = json;
        this.infotext = infotext;
    }

    @Operation(summary = "Submit a txt2img job", description = "Queues the job and answers at once with its id (202).")
    @PostMapping
    @ResponseStatus(HttpStatus.ACCEPTED)
    Map<String, Object> submit(
            @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(schema = @Schema(
                    implementation = Txt2ImgRequest.class))) @RequestBody(required = false) JsonNode body) {
        Txt2ImgRequest request = json.read(infotext.apply(body, false), Txt2ImgRequest.class, Txt2ImgRequestDefaults.EMPTY);
        JobHandle<GenerationResult> handle = txt2img.submit(request);
        bodies.put(handle.id(), request);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", handle.id());
        m.put("queue_position", queue.queuePosition(handle.id()));
        return m;
    }

    @Operation(summary = "A job's state", description = "state (QUEUED, RUNNING, DONE, FAILED, CANCELLED), queue position,"
            + " progress, error, and the txt2img response once done.")
    @GetMapping("/{id}")
    Map<String, Object> get(@PathVariable String id) {
        return view(queue.find(id).orElseThrow(() -> new JobNotFoundException(id)));
    }

    @Operation(summary = "Cancel a job", description = "A waiting job is removed; a running one stops after its current step.")
    @DeleteMapping("/{id}")
    Map<String, Object> cancel(@PathVariable String id) {
        CancelOutcome outcome = queue.cancel(id);
        if (outcome == CancelOutcome.NOT_FOUND) {
            throw new JobNotFoundException(id);
        }
        return Map.of("id", id, "outcome", outcome.name());
    }

    @Operation(summary = "Follow a job", description = "Server-Sent Events: queued, started, progress, preview "
            + "(current_image), then done/failed/cancelled; the stream ends after the last.")
    @GetMapping(path = "/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter events(@PathVariable String id) {
        SseEmitter emitter = new SseEmitter(SSE_TIMEOUT_MS);
        Subscription[] sub = new Subscription[1];
        sub[0] = queue.subscribe(id, event -> send(emitter, event, sub));
        Runnable stop = () -> closeQuietly(sub[0]);
        emitter.onCompletion(stop);
        emitter.onTimeout(stop);
        emitter.onError(e -> stop.run());
        return emitter;
    }

    private void send(SseEmitter emitter, JobEvent event, Subscription[] sub) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("id", event.jobId());
        data.put("type", event.type().name());
        data.put("queue_position", event.queuePosition());
        data.put("progress", event.progress() == null ? null
                : GenerationController.ProgressMapping.toResponse(event.progress()));
        data.put("message", event.message());
        data.put("interrupted", event.interrupted());
        try {
            emitter.send(SseEmitter.event().id(Long.toString(event.sequence()))
                    .name(event.type().name().toLowerCase(Locale.ROOT)).data(data, MediaType.APPLICATION_JSON));
            if (event.type().isTerminal()) {
                emitter.complete();
            }
        } catch (IOException | IllegalStateException e) {
            // the client went away: stop listening
            closeQuietly(sub[0]);
        }
    }

    private static void closeQuietly(Subscription s) {
        if (s != null) {
            try {
                s.close();
            } catch (Exception ignored) {
                // nothing to do: the subscription is gone either way
            }
        }
    }

    private Map<String, Object> view(JobView v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", v.id());
        m.put("job", v.job());
        m.put("state", v.state().name());
        m.put("queue_position", v.queuePosition());
        m.put("interrupted", v.interrupted());
        m.put("created_at", v.createdAt());
        m.put("started_at", v.startedAt());
        m.put("finished_at", v.finishedAt());
        m.put("progress", v.progress() == null ? null : GenerationController.ProgressMapping.toResponse(v.progress()));
        m.put("error", v.error());
        Txt2ImgRequest body = bodies.get(v.id());
        m.put("result", v.resultAs(GenerationResult.class)
                .map(r -> txt2img.response(body == null ? Txt2ImgRequestDefaults.EMPTY : body, r)).orElse(null));
        return m;
    }

    @ExceptionHandler(JobNotFoundException.class)
    ResponseEntity<ApiError> notFound(JobNotFoundException e) {
        return ResponseEntity.status(404).body(ApiError.http(404, e.getMessage()));
    }

    @ExceptionHandler(ApiValidationException.class)
    ResponseEntity<Map<String, Object>> invalid(ApiValidationException e) {
        return new SdApiExceptionHandler().validation(e);
    }

    @ExceptionHandler(ApiException.class)
    ResponseEntity<ApiError> api(ApiException e) {
        return ResponseEntity.status(e.status()).body(ApiError.http(e.status().value(), e.getMessage()));
    }
}
