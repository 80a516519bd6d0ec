package dev.sdwebui.api;

import dev.sdwebui.config.settings.SettingsStore;
import dev.sdwebui.output.ImageFormat;
import dev.sdwebui.output.MetadataImageEncoder;
import dev.sdwebui.pipeline.ExtrasPipeline;
import dev.sdwebui.postprocess.Pixels;
import dev.sdwebui.postprocess.upscale.ModelUpscaler;
import dev.sdwebui.postprocess.upscale.RealEsrganBuiltIn;
import dev.sdwebui.postprocess.upscale.UnsupportedUpscalerException;
import dev.sdwebui.postprocess.upscale.UpscalerLoadException;
import dev.sdwebui.queue.JobFailedException;
import dev.sdwebui.queue.JobHandle;
import dev.sdwebui.queue.JobQueue;
import io.swagger.v3.oas.annotations.Operation;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;

/**
 * A1111's Extras endpoints and the upscaler lists (modules/api/api.py v1.10 {@code extras_single_image_api},
 * {@code extras_batch_images_api}, {@code get_upscalers}, {@code get_realesrgan_models}). Extras run on the
 * job queue (A1111: under the queue lock) and are not saved to disk ({@code save_output=False}); the
 * returned PNG carries the infotext under "postprocessing", as A1111's {@code encode_pil_to_base64}.
 */
@SdApiController
class ExtrasController {

    private final ExtrasPipeline extras;
    private final JobQueue queue;
    private final InputImageDecoder decoder;
    private final SettingsStore settings;

    ExtrasController(ExtrasPipeline extras, JobQueue queue, InputImageDecoder decoder, SettingsStore settings) {
        this.extras = extras;
        this.queue = queue;
        this.decoder = decoder;
        this.settings = settings;
    }

    @Operation(summary = "Get Upscalers", description = "None, Lanczos, Nearest and every model upscaler found in "
            + "models/ESRGAN, RealESRGAN, DAT, SwinIR and ScuNET (A1111 shape).")
    @GetMapping("/upscalers")
    List<Map<String, Object>> upscalers() {
        return extras.upscalers().all().stream().map(u -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", u.label());
            m.put("model_name", u instanceof ModelUpscaler mu ? mu.kind().modelName() : null);
            m.put("model_path", u instanceof ModelUpscaler mu ? mu.file().toString() : null);
            m.put("model_url", null);
            m.put("scale", u.scale());
            return m;
        }).toList();
    }

    @Operation(summary = "Get Realesrgan Models", description = "A1111's built-in RealESRGAN models with their "
            + "download addresses (nothing is downloaded: place the file in models/RealESRGAN to use one).")
    @GetMapping("/realesrgan-models")
    List<Map<String, Object>> realesrganModels() {
        return RealEsrganBuiltIn.all().stream().map(b -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", b.label());
            m.put("path", b.url());
            m.put("scale", (int) b.scale());
            return m;
        }).toList();
    }

    @Operation(summary = "Extras Single Image Api", description = "Upscales one image (A1111 Extras, single image).")
    @PostMapping("/extra-single-image")
    ExtrasRequests.SingleResponse single(@RequestBody ExtrasRequests.Single r) throws InterruptedException {
        BufferedImage img = decoder.decode(r.image(), "image");
        ExtrasPipeline.ExtrasResult res = run(List.of(Pixels.of(img)), List.of("image"), r.resizeMode(),
                r.upscalingResize(), r.upscalingResizeW(), r.upscalingResizeH(), r.upscalingCrop(), r.upscaler1(),
                r.upscaler2(), r.extrasUpscaler2Visibility(), r.gfpganVisibility(), r.codeformerVisibility());
        return new ExtrasRequests.SingleResponse(res.htmlInfo(), encode(res.images().get(0), res.infotexts().get(0)));
    }

    @Operation(summary = "Extras Batch Images Api", description = "Upscales several images (A1111 Extras, batch).")
    @PostMapping("/extra-batch-images")
    ExtrasRequests.BatchResponse batch(@RequestBody ExtrasRequests.Batch r) throws InterruptedException {
        List<Pixels> images = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<ExtrasRequests.FileData> list = r.imageList() == null ? List.of() : r.imageList();
        for (int i = 0; i < list.size(); i++) {
            images.add(Pixels.of(decoder.decode(list.get(i).data(), "image " + (i + 1))));
            names.add(list.get(i).name());
        }
        ExtrasPipeline.ExtrasResult res = run(images, names, r.resizeMode(), r.upscalingResize(), r.upscalingResizeW(),
                r.upscalingResizeH(), r.upscalingCrop(), r.upscaler1(), r.upscaler2(), r.extrasUpscaler2Visibility(),
                r.gfpganVisibility(), r.codeformerVisibility());
        List<String> out = new ArrayList<>();
        for (int i = 0; i < res.images().size(); i++) {
            out.add(encode(res.images().get(i), res.infotexts().get(i)));
        }
        return new ExtrasRequests.BatchResponse(res.htmlInfo(), out);
    }

    private ExtrasPipeline.ExtrasResult run(List<Pixels> images, List<String> names, Integer mode, Number by,
                                            Integer w, Integer h, Boolean crop, String u1, String u2, Double vis,
                                            Double gfpgan, Double codeformer) throws InterruptedException {
        int m = mode == null ? 0 : mode;
        if (m != 0 && m != 1) {
            throw new ApiException(HttpStatus.UNPROCESSABLE_ENTITY, "resize_mode: input should be 0 or 1");
        }
        double factor = by == null ? 2 : by.doubleValue();
        range("upscaling_resize", factor, 1, 8);
        range("extras_upscaler_2_visibility", vis == null ? 0 : vis, 0, 1);
        if ((w != null && w < 1) || (h != null && h < 1)) {
            throw new ApiException(HttpStatus.UNPROCESSABLE_ENTITY, "upscaling_resize_w/h must be at least 1");
        }
        if ((gfpgan != null && gfpgan > 0) || (codeformer != null && codeformer > 0)) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "Face restoration is not available: no GFPGAN or CodeFormer"
                    + " restorer is installed in this build");
        }
        String byText = by == null ? "2" : pythonFloat(factor);
        ExtrasPipeline.ExtrasRequest req = new ExtrasPipeline.ExtrasRequest(images, names, m, factor, byText, 0,
                w == null ? 512 : w, h == null ? 512 : h, crop == null || crop, u1 == null ? "None" : u1,
                u2 == null ? "None" : u2, vis == null ? 0 : vis, false, null);
        JobHandle<ExtrasPipeline.ExtrasResult> handle;
        try {
            handle = ApiJobs.submit(queue, extras.job(req), null);
        } catch (IllegalArgumentException e) {
            throw new ApiException(HttpStatus.BAD_REQUEST, e.getMessage());
        }
        try {
            return handle.await();
        } catch (UnsupportedUpscalerException | UpscalerLoadException | IllegalArgumentException e) {
            throw new ApiException(HttpStatus.BAD_REQUEST, e.getMessage());
        } catch (JobFailedException e) {
            Throwable c = e.getCause();
            if (c instanceof UnsupportedUpscalerException || c instanceof UpscalerLoadException
                    || c instanceof IllegalArgumentException) {
                throw new ApiException(HttpStatus.BAD_REQUEST, c.getMessage());
            }
            throw new ApiException(HttpStatus.INTERNAL_SERVER_ERROR, e.getMessage());
        }
    }

    private static void range(String field, double v, double lo, double hi) {
        if (!(v >= lo && v <= hi)) {
            throw new ApiException(HttpStatus.UNPROCESSABLE_ENTITY, field + ": input should be between " + lo + " and "
                    + hi + ", got " + v);
        }
    }

    /** Python's str() of a float in this range: "2.0", "2.5". */
    static String pythonFloat(double v) {
        return Double.toString(v);
    }

    private String encode(BufferedImage img, String infotext) {
        ImageFormat format = ImageFormat.fromSetting(String.valueOf(settings.get("samples_format")), "samples_format");
        int quality = settings.get("jpeg_quality") instanceof Number n ? n.intValue() : 80;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            new MetadataImageEncoder().encode(img, format, format == ImageFormat.PNG ? Map.of("postprocessing", infotext)
                    : Map.of(), infotext, quality, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Base64.getEncoder().encodeToString(out.toByteArray());
    }
}
