package dev.sdwebui.api;

import dev.sdwebui.config.settings.SettingsStore;
import dev.sdwebui.pipeline.GenerationRequest;
import dev.sdwebui.pipeline.GenerationResult;
import dev.sdwebui.pipeline.Img2ImgPipeline;
import dev.sdwebui.pipeline.Img2ImgRequest;
import dev.sdwebui.pipeline.SamplerNotFoundException;
import dev.sdwebui.postprocess.ResizeMode;
import dev.sdwebui.queue.JobFailedException;
import dev.sdwebui.queue.JobHandle;
import dev.sdwebui.queue.JobQueue;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * img2img API bodies to the queue and results to A1111 responses. Ref: A1111 api.py {@code img2imgapi}:
 * no {@code init_images} -> 404 "Init image not found"; the mask and images are decoded before queueing.
 */
@Component
class Img2ImgApiService {

    private final Img2ImgPipeline pipeline;
    private final JobQueue queue;
    private final GenerationMapper mapper;
    private final InputImageDecoder decoder;
    private final SettingsStore settings;

    Img2ImgApiService(Img2ImgPipeline pipeline, JobQueue queue, GenerationMapper mapper, InputImageDecoder decoder,
                      SettingsStore settings) {
        this.pipeline = pipeline;
        this.queue = queue;
        this.mapper = mapper;
        this.decoder = decoder;
        this.settings = settings;
    }

    JobHandle<GenerationResult> submit(Img2ImgApiRequest body) {
        Img2ImgRequest request = toRequest(body);
        return ApiJobs.submit(queue, pipeline.job(request), body.forceTaskId());
    }

    Img2ImgRequest toRequest(Img2ImgApiRequest raw) {
        if (raw.initImages() == null || raw.initImages().isEmpty()) {
            throw new ApiException(HttpStatus.NOT_FOUND, "Init image not found");
        }
        Img2ImgApiRequest r = raw.withDefaults();
        if (r.latentMask() != null && !r.latentMask().isBlank()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "latent_mask is not supported");
        }
        RequestBounds.check(r.common()); // before decoding any image
        List<BufferedImage> images = new ArrayList<>();
        for (int i = 0; i < r.initImages().size(); i++) {
            images.add(decoder.decode(r.initImages().get(i), "init image " + (i + 1)));
        }
        BufferedImage mask = r.mask() == null || r.mask().isBlank() ? null : decoder.decode(r.mask(), "mask");
        try {
            GenerationRequest base = mapper.toRequest(r.common());
            Img2ImgRequest request = new Img2ImgRequest(base, images, mask, ResizeMode.of(r.resizeMode()),
                    r.denoisingStrength(), r.maskBlurX(), r.maskBlurY(), r.maskRound(), r.inpaintingFill(),
                    r.inpaintFullRes(), r.inpaintFullResPadding(), r.inpaintingMaskInvert() != 0,
                    r.initialNoiseMultiplier(), r.imageCfgScale());
            pipeline.validate(request);
            return request;
        } catch (SamplerNotFoundException e) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "Sampler not found");
        } catch (IllegalArgumentException e) {
            throw new ApiException(HttpStatus.BAD_REQUEST, e.getMessage());
        }
    }

    ImageToImageResponse await(Img2ImgApiRequest body, JobHandle<GenerationResult> handle) throws InterruptedException {
        GenerationResult result;
        try {
            result = handle.await();
        } catch (IllegalArgumentException e) {
            throw new ApiException(HttpStatus.BAD_REQUEST, e.getMessage());
        } catch (JobFailedException e) {
            throw new ApiException(HttpStatus.INTERNAL_SERVER_ERROR, e.getMessage());
        }
        Img2ImgApiRequest echo = body.echo();
        List<String> images = new ArrayList<>();
        if (Boolean.TRUE.equals(echo.sendImages())) {
            String format = String.valueOf(settings.get("samples_format"));
            boolean pnginfo = !Boolean.FALSE.equals(settings.get("enable_pnginfo"));
            int quality = settings.get("jpeg_quality") instanceof Number n ? n.intValue() : 80;
            for (int i = 0; i < result.images().size(); i++) {
                images.add(ApiImages.encode(result.images().get(i), result.infotexts().get(i), format, pnginfo, quality));
            }
        }
        return new ImageToImageResponse(images, echo, mapper.infoJson(result.info()));
    }
}
