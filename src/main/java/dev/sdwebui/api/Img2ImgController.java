package dev.sdwebui.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sdwebui.pipeline.GenerationResult;
import dev.sdwebui.postprocess.LatentUpscaleMode;
import dev.sdwebui.queue.JobHandle;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;

/** A1111's img2img endpoint and the upscaler lists. */
@SdApiController
class Img2ImgController {

    private final Img2ImgApiService img2img;
    private final LenientJson json;
    private final InfotextRequestFiller infotext;

    Img2ImgController(Img2ImgApiService img2img, LenientJson json, InfotextRequestFiller infotext) {
        this.img2img = img2img;
        this.json = json;
        this.infotext = infotext;
    }

    @Operation(summary = "Img2imgapi", description = "Queues an img2img / inpaint job and waits for its images"
            + " (A1111 /sdapi/v1/img2img).")
    @PostMapping("/img2img")
    ImageToImageResponse img2img(
            @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(schema = @Schema(
                    implementation = Img2ImgApiRequest.class))) @RequestBody(required = false) JsonNode raw)
            throws InterruptedException {
        Img2ImgApiRequest body = json.read(infotext.apply(raw, true), Img2ImgApiRequest.class, null);
        if (body == null) {
            throw new ApiException(HttpStatus.NOT_FOUND, "Init image not found");
        }
        JobHandle<GenerationResult> handle = img2img.submit(body);
        return img2img.await(body, handle);
    }

    @Operation(summary = "Get Latent Upscale Modes", description = "The hires-fix latent upscalers.")
    @GetMapping("/latent-upscale-modes")
    List<Map<String, Object>> latentUpscaleModes() {
        return LatentUpscaleMode.all().stream().map(m -> Map.<String, Object>of("name", m.label())).toList();
    }
}
