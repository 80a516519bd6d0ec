package dev.sdwebui.api;

import dev.sdwebui.config.settings.SettingsStore;
import dev.sdwebui.pipeline.GenerationRequest;
import dev.sdwebui.pipeline.GenerationResult;
import dev.sdwebui.pipeline.SamplerNotFoundException;
import dev.sdwebui.pipeline.Txt2ImgPipeline;
import dev.sdwebui.queue.JobFailedException;
import dev.sdwebui.queue.JobHandle;
import dev.sdwebui.queue.JobQueue;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/** Submitting txt2img API bodies to the queue and turning results into A1111 responses (v1 and v2). */
@Component
class Txt2ImgApiService {

    private final Txt2ImgPipeline pipeline;
    private final JobQueue queue;
    private final GenerationMapper mapper;
    private final SettingsStore settings;

    Txt2ImgApiService(Txt2ImgPipeline pipeline, JobQueue queue, GenerationMapper mapper, SettingsStore settings) {
        this.pipeline = pipeline;
        this.queue = queue;
        this.mapper = mapper;
        this.settings = settings;
    }

    /** Validates and queues; 400 for bad values, 503 when the queue is full. */
    JobHandle<GenerationResult> submit(Txt2ImgRequest body) {
        GenerationRequest request;
        Txt2ImgPipeline pipeline;
        try {
            request = mapper.toRequest(body);
            pipeline = this.pipeline.withHires(mapper.toHires(body)).withRefiner(mapper.toRefiner(body));
            pipeline.validate(request);
        } catch (SamplerNotFoundException e) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "Sampler not found");
        } catch (IllegalArgumentException e) {
            throw new ApiException(HttpStatus.BAD_REQUEST, e.getMessage());
        }
        return ApiJobs.submit(queue, pipeline.job(request), body.forceTaskId());
    }

    /** Waits for a v1 job; a failure becomes the A1111 error JSON. */
    TextToImageResponse await(Txt2ImgRequest body, JobHandle<GenerationResult> handle) throws InterruptedException {
        try {
            return response(body, handle.await());
        } catch (IllegalArgumentException e) {
            throw new ApiException(HttpStatus.BAD_REQUEST, e.getMessage());
        } catch (JobFailedException e) {
            throw new ApiException(HttpStatus.INTERNAL_SERVER_ERROR, e.getMessage());
        }
    }

    TextToImageResponse response(Txt2ImgRequest body, GenerationResult result) {
        Txt2ImgRequest echo = body.withDefaults();
        List<String> images = new ArrayList<>();
        if (Boolean.TRUE.equals(echo.sendImages())) {
            String format = String.valueOf(settings.get("samples_format"));
            boolean pnginfo = !Boolean.FALSE.equals(settings.get("enable_pnginfo"));
            int quality = settings.get("jpeg_quality") instanceof Number n ? n.intValue() : 80;
            for (int i = 0; i < result.images().size(); i++) {
                images.add(ApiImages.encode(result.images().get(i), result.infotexts().get(i), format, pnginfo, quality));
            }
        }
        return new TextToImageResponse(images, echo, mapper.infoJson(result.info()));
    }
}
