package dev.sdwebui.web;

import dev.sdwebui.config.SpringProperties;
import dev.sdwebui.pipeline.GenerationRequest;
import dev.sdwebui.pipeline.GenerationResult;
import dev.sdwebui.pipeline.Img2ImgPipeline;
import dev.sdwebui.pipeline.Img2ImgRequest;
import dev.sdwebui.pipeline.Txt2ImgPipeline;
import dev.sdwebui.queue.JobQueue;
import dev.sdwebui.queue.JobSpec;
import dev.sdwebui.queue.JobView;
import dev.sdwebui.queue.PreviewImage;
import dev.sdwebui.queue.ProgressSnapshot;
import dev.sdwebui.queue.ProgressState;
import dev.sdwebui.queue.QueueFullException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The txt2img and img2img tabs' generation routes, always on with the web UI (the /sdapi routes need --api):
 * submit to the same job queue and pipeline the API uses, poll a job (A1111's UI polls
 * {@code /internal/progress} the same way), fetch its live preview and finished images, interrupt/skip.
 */
@RestController
@ConditionalOnProperty(name = SpringProperties.WEBUI_ENABLED, havingValue = "true")
class Txt2ImgUiController {

    private final ObjectProvider<JobQueue> queue;
    private final ObjectProvider<Txt2ImgPipeline> txt2img;
    private final ObjectProvider<Img2ImgPipeline> img2img;
    private final GalleryImages gallery;

    Txt2ImgUiController(ObjectProvider<JobQueue> queue, ObjectProvider<Txt2ImgPipeline> txt2img,
                        ObjectProvider<Img2ImgPipeline> img2img, GalleryImages gallery) {
        this.queue = queue;
        this.txt2img = txt2img;
        this.img2img = img2img;
        this.gallery = gallery;
    }

    @PostMapping(path = "/internal/txt2img", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> submit(@RequestBody Txt2ImgForm form) {
        JobQueue q = queue.getIfAvailable();
        Txt2ImgPipeline pipeline = txt2img.getIfAvailable();
        if (q == null || pipeline == null) {
            return error(503, "txt2img is not available in this build (no generation pipeline is wired)");
        }
        return enqueue(q, () -> {
            GenerationRequest request = form.toRequest();
            Txt2ImgPipeline withHires = pipeline.withHires(form.toHires()).withRefiner(form.toRefiner());
            withHires.validate(request);
            return withHires.job(request);
        });
    }

    /** The img2img tab (img2img, Inpaint, Inpaint upload): the same queue, job ids and polling as txt2img. */
    @PostMapping(path = "/internal/img2img", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> submitImg2Img(@RequestBody Img2ImgForm form) {
        JobQueue q = queue.getIfAvailable();
        Img2ImgPipeline pipeline = img2img.getIfAvailable();
        if (q == null || pipeline == null) {
            return error(503, "img2img is not available in this build (no generation pipeline is wired)");
        }
        return enqueue(q, () -> {
            Img2ImgRequest request = form.toRequest();
            pipeline.validate(request);
            return pipeline.job(request);
        });
    }

    private ResponseEntity<Map<String, Object>> enqueue(JobQueue q, Supplier<JobSpec<GenerationResult>> job) {
        try {
            String id = q.submit(job.get()).id();
            return ResponseEntity.ok(Map.of("id", id, "queue_position", q.queuePosition(id)));
        } catch (IllegalArgumentException e) {
            return error(400, e.getMessage());
        } catch (QueueFullException e) {
            return error(503, "the queue is full (" + e.capacity() + " jobs); try again when a job has finished");
        }
    }

    @GetMapping("/internal/jobs/{id}")
    ResponseEntity<JobStatus> status(@PathVariable String id) {
        return job(id).map(v -> ResponseEntity.ok(status(v))).orElse(ResponseEntity.notFound().build());
    }

    /** The running job's id, so a reloaded page can find a job started elsewhere (null when idle). */
    @GetMapping("/internal/current-job")
    Map<String, Object> current() {
        JobQueue q = queue.getIfAvailable();
        Optional<JobView> running = q == null ? Optional.empty() : q.current();
        return java.util.Collections.singletonMap("id", running.map(JobView::id).orElse(null));
    }

    @GetMapping("/internal/jobs/{id}/preview")
    ResponseEntity<byte[]> preview(@PathVariable String id) {
        JobQueue q = queue.getIfAvailable();
        Optional<PreviewImage> image = q == null ? Optional.empty()
                : q.progress(id, true).map(ProgressSnapshot::currentImage);
        return image.map(p -> png(p.png(), false)).orElse(ResponseEntity.notFound().build());
    }

    @GetMapping("/internal/jobs/{id}/images/{index}")
    ResponseEntity<byte[]> image(@PathVariable String id, @PathVariable int index) {
        return result(id).flatMap(r -> gallery.png(r, index)).map(b -> png(b, true)).orElse(ResponseEntity.notFound().build());
    }

    @GetMapping("/internal/jobs/{id}/zip")
    ResponseEntity<byte[]> zip(@PathVariable String id) {
        return result(id).map(r -> ResponseEntity.ok().contentType(MediaType.parseMediaType("application/zip"))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"images-" + id + ".zip\"")
                .body(gallery.zip(r))).orElse(ResponseEntity.notFound().build());
    }

    /** Interrupt: stops the running job after its step; a job still waiting is taken out of the queue. */
    @PostMapping("/internal/interrupt")
    Map<String, Object> interrupt(@RequestParam(name = "id", required = false) String id) {
        JobQueue q = queue.getIfAvailable();
        if (q == null) {
            return Map.of("interrupted", false);
        }
        if (id != null && q.queuePosition(id) > 0) {
            q.cancel(id);
            return Map.of("interrupted", true);
        }
        return Map.of("interrupted", q.interruptCurrent());
    }

    @PostMapping("/internal/skip")
    Map<String, Object> skip() {
        JobQueue q = queue.getIfAvailable();
        return Map.of("skipped", q != null && q.skipCurrent());
    }

    private Optional<JobView> job(String id) {
        JobQueue q = queue.getIfAvailable();
        return q == null ? Optional.empty() : q.find(id);
    }

    private Optional<GenerationResult> result(String id) {
        return job(id).flatMap(v -> v.resultAs(GenerationResult.class));
    }

    private JobStatus status(JobView v) {
        ProgressSnapshot p = v.progress() == null ? ProgressSnapshot.IDLE : v.progress();
        ProgressState s = p.state();
        long previewId = queue.getObject().progress(v.id(), true).map(ProgressSnapshot::currentImage)
                .map(PreviewImage::id).orElse(0L);
        Optional<GenerationResult> result = v.resultAs(GenerationResult.class);
        List<String> urls = new ArrayList<>();
        result.ifPresent(r -> {
            for (int i = 0; i < r.images().size(); i++) {
                urls.add("internal/jobs/" + v.id() + "/images/" + i);
            }
        });
        String time = v.startedAt() != null && v.finishedAt() != null
                ? String.format(java.util.Locale.ROOT, "Time taken: %.1f sec.",
                        Duration.between(v.startedAt(), v.finishedAt()).toMillis() / 1000.0) : null;
        // A1111 html_info: the job's comments ("Lora not found: x") above the time taken
        List<String> comments = result.map(GenerationResult::comments).orElse(List.of());
        String html = comments.isEmpty() ? time
                : String.join("\n", comments) + (time == null ? "" : "\n" + time);
        return new JobStatus(v.id(), v.state().name(), v.queuePosition(), p.progress(), Math.max(0, p.etaRelative()),
                s.samplingStep(), s.samplingSteps(), s.jobNo(), s.jobCount(), p.textinfo(), previewId, v.interrupted(),
                v.error(), urls, result.map(GenerationResult::infotexts).orElse(List.of()),
                result.map(r -> r.info().indexOfFirstImage()).orElse(0),
                result.map(r -> r.info().allSeeds()).orElse(List.of()), html);
    }

    private static ResponseEntity<byte[]> png(byte[] bytes, boolean cacheable) {
        return ResponseEntity.ok().contentType(MediaType.IMAGE_PNG)
                .header(HttpHeaders.CACHE_CONTROL, cacheable ? "private, max-age=3600" : "no-store").body(bytes);
    }

    private static ResponseEntity<Map<String, Object>> error(int status, String message) {
        return ResponseEntity.status(status).body(Map.of("error", message == null ? "error" : message));
    }
}
