package dev.sdwebui.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.sdwebui.pipeline.GenerationResult;
import dev.sdwebui.queue.JobHandle;
import dev.sdwebui.queue.JobQueue;
import dev.sdwebui.queue.ProgressSnapshot;
import dev.sdwebui.queue.ProgressState;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;

/** A1111's generation endpoints: txt2img, progress, interrupt, skip. */
@SdApiController
class GenerationController {

    private final Txt2ImgApiService txt2img;
    private final JobQueue queue;
    private final LenientJson json;
    private final InfotextRequestFiller infotext;

    GenerationController(Txt2ImgApiService txt2img, JobQueue queue, LenientJson json, InfotextRequestFiller infotext) {
        this.txt2img = txt2img;
        this.queue = queue;
        this.json = json;
        this.infotext = infotext;
    }

    @Operation(summary = "Text2imgapi", description = "Queues a txt2img job and waits for its images (A1111 /sdapi/v1/txt2img).")
    @PostMapping("/txt2img")
    TextToImageResponse txt2img(
            @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(schema = @Schema(
                    implementation = Txt2ImgRequest.class))) @RequestBody(required = false) JsonNode body) throws InterruptedException {
        Txt2ImgRequest request = json.read(infotext.apply(body, false), Txt2ImgRequest.class, Txt2ImgRequestDefaults.EMPTY);
        JobHandle<GenerationResult> handle = txt2img.submit(request);
        return txt2img.await(request, handle);
    }

    @Operation(summary = "Progressapi", description = "Progress of the running job; current_image is the live preview.")
    @GetMapping("/progress")
    ProgressResponse progress(@RequestParam(name = "skip_current_image", defaultValue = "false") boolean skipImage) {
        return ProgressMapping.toResponse(queue.progress(!skipImage));
    }

    @Operation(summary = "Interruptapi", description = "Stops the running job after its current step; its images so far are returned.")
    @PostMapping("/interrupt")
    Map<String, Object> interrupt() {
        queue.interruptCurrent();
        return Map.of();
    }

    @Operation(summary = "Skip", description = "Ends the current batch of the running job and goes on with the next.")
    @PostMapping("/skip")
    JsonNode skip() {
        queue.skipCurrent();
        return NullNode.getInstance(); // A1111 answers JSON null
    }

    /** The A1111 progress shape (also used by the v2 job view). */
    static final class ProgressMapping {
        private ProgressMapping() {
        }

        static ProgressResponse toResponse(ProgressSnapshot p) {
            ProgressState s = p.state();
            Map<String, Object> state = new LinkedHashMap<>();
            state.put("skipped", s.skipped());
            state.put("interrupted", s.interrupted());
            state.put("stopping_generation", s.stoppingGeneration());
            state.put("job", s.job());
            state.put("job_count", s.jobCount());
            state.put("job_timestamp", s.jobTimestamp());
            state.put("job_no", s.jobNo());
            state.put("sampling_step", s.samplingStep());
            state.put("sampling_steps", s.samplingSteps());
            String image = p.currentImage() == null ? null : ApiImages.encodePng(p.currentImage().png());
            return new ProgressResponse(p.progress(), p.etaRelative(), state, image, p.textinfo(), p.currentTask());
        }
    }
}
