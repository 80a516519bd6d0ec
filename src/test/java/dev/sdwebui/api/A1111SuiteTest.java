package dev.sdwebui.api;

import static dev.sdwebui.api.ApiTestImages.diff;
import static dev.sdwebui.api.ApiTestImages.initImage;
import static dev.sdwebui.api.ApiTestImages.maskImage;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sdwebui.testsupport.RunningApp;
import dev.sdwebui.testsupport.SharedReference;
import java.awt.image.BufferedImage;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A1111's own API tests (its test/ folder: test_txt2img.py, test_img2img.py, test_utils.py; extras
 * excepted) with their exact payloads, against the tiny checkpoint. A1111 asserts only status 200;
 * here each case also checks the images (count, size), the info JSON and the infotext.
 */
@Tag("slow")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class A1111SuiteTest {

    private RunningApp app;
    private ApiClient api;

    @BeforeAll
    void start() throws Exception {
        Path data = Files.createTempDirectory("sdwebui-a1111-suite");
        Path ckpt = SharedReference.tinyDir().resolve("tiny-fp32.safetensors");
        app = RunningApp.start(data, "http", "--api", "--ckpt", ckpt.toString());
        api = new ApiClient(app);
    }

    @AfterAll
    void stop() {
        app.close();
    }

    /** test_txt2img.py {@code simple_txt2img_request}, as sent (ints for floats, false for bools). */
    static Map<String, Object> txt2img() {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("batch_size", 1);
        b.put("cfg_scale", 7);
        b.put("denoising_strength", 0);
        b.put("enable_hr", false);
        b.put("eta", 0);
        b.put("firstphase_height", 0);
        b.put("firstphase_width", 0);
        b.put("height", 64);
        b.put("n_iter", 1);
        b.put("negative_prompt", "");
        b.put("prompt", "example prompt");
        b.put("restore_faces", false);
        b.put("s_churn", 0);
        b.put("s_noise", 1);
        b.put("s_tmax", 0);
        b.put("s_tmin", 0);
        b.put("sampler_index", "Euler a");
        b.put("seed", -1);
        b.put("seed_resize_from_h", -1);
        b.put("seed_resize_from_w", -1);
        b.put("steps", 3);
        b.put("styles", List.of());
        b.put("subseed", -1);
        b.put("subseed_strength", 0);
        b.put("tiling", false);
        b.put("width", 64);
        return b;
    }

    /** POST, assert 200, the image count and every image's size; returns the response. */
    private JsonNode generate(String path, Map<String, Object> body, int images, int w, int h) {
        JsonNode res = api.ok(path, body);
        assertThat(res.get("images")).as(path + " image count").hasSize(images);
        for (JsonNode img : res.get("images")) {
            BufferedImage b = ApiClient.image(ApiClient.bytes(img.asText()));
            assertThat(b.getWidth()).as("width").isEqualTo(w);
            assertThat(b.getHeight()).as("height").isEqualTo(h);
        }
        return res;
    }

    private JsonNode info(JsonNode res) throws Exception {
        return api.json.readTree(res.get("info").asText());
    }

    @org.junit.jupiter.api.Test
    void txt2imgSimple() throws Exception {
        JsonNode res = generate("/sdapi/v1/txt2img", txt2img(), 1, 64, 64);
        JsonNode info = info(res);
        assertThat(info.get("prompt").asText()).isEqualTo("example prompt");
        assertThat(info.get("steps").asInt()).isEqualTo(3);
        assertThat(info.get("sampler_name").asText()).isEqualTo("Euler a");
        assertThat(info.get("seed").asLong()).isNotEqualTo(-1L);
        assertThat(info.get("infotexts").get(0).asText()).contains("Steps: 3, Sampler: Euler a", "Size: 64x64")
                .doesNotContain("Denoising strength");
        assertThat(res.get("parameters").get("sampler_index").asText()).isEqualTo("Euler a");
        assertThat(res.get("parameters").get("cfg_scale").asDouble()).isEqualTo(7.0);
    }

    @org.junit.jupiter.api.Test
    void txt2imgWithNegativePrompt() throws Exception {
        Map<String, Object> b = txt2img();
        b.put("negative_prompt", "example negative prompt");
        JsonNode info = info(generate("/sdapi/v1/txt2img", b, 1, 64, 64));
        assertThat(info.get("negative_prompt").asText()).isEqualTo("example negative prompt");
        assertThat(info.get("infotexts").get(0).asText()).contains("\nNegative prompt: example negative prompt\n");
    }

    @org.junit.jupiter.api.Test
    void txt2imgWithComplexPrompt() throws Exception {
        Map<String, Object> b = txt2img();
        String prompt = "((emphasis)), (emphasis1:1.1), [to:1], [from::2], [from:to:0.3], [alt|alt1]";
        b.put("prompt", prompt);
        JsonNode info = info(generate("/sdapi/v1/txt2img", b, 1, 64, 64));
        assertThat(info.get("all_prompts").get(0).asText()).isEqualTo(prompt);
    }

    @org.junit.jupiter.api.Test
    void txt2imgNotSquare() throws Exception {
        Map<String, Object> b = txt2img();
        b.put("height", 128);
        JsonNode info = info(generate("/sdapi/v1/txt2img", b, 1, 64, 128));
        assertThat(info.get("infotexts").get(0).asText()).contains("Size: 64x128");
    }

    /**
     * A1111's hires test keeps denoising_strength 0: the second pass runs no step (every schedule of 0
     * steps is [0.0]), so the upscaled latent is decoded as it is: hires steps and sampler change nothing,
     * while any denoising changes the picture.
     */
    @org.junit.jupiter.api.Test
    void txt2imgWithHiresFixAndDenoisingZero() throws Exception {
        Map<String, Object> b = txt2img();
        b.put("enable_hr", true);
        b.put("seed", 42);
        JsonNode res = generate("/sdapi/v1/txt2img", b, 1, 128, 128);
        // A1111 writes the first pass's size with the hires entries
        assertThat(info(res).get("infotexts").get(0).asText()).contains("Size: 64x64", "Denoising strength: 0.0",
                "Hires upscale: 2.0");
        b.put("hr_second_pass_steps", 7);
        b.put("hr_sampler_name", "DPM++ 2M");
        BufferedImage first = ApiClient.image(ApiClient.bytes(res.get("images").get(0).asText()));
        JsonNode same = generate("/sdapi/v1/txt2img", b, 1, 128, 128);
        assertThat(diff(ApiClient.image(ApiClient.bytes(same.get("images").get(0).asText())), first, 0, 128, 0, 128))
                .as("no step ran").isZero();
        b.put("denoising_strength", 0.5);
        JsonNode denoised = generate("/sdapi/v1/txt2img", b, 1, 128, 128);
        assertThat(diff(ApiClient.image(ApiClient.bytes(denoised.get("images").get(0).asText())), first, 0, 128, 0, 128))
                .isGreaterThan(2);
    }

    /** Clients that copy the UI send its dropdown sentinels; they mean the first pass's sampler and schedule. */
    @org.junit.jupiter.api.Test
    void hiresUseSameSamplerSentinels() throws Exception {
        Map<String, Object> b = txt2img();
        b.put("enable_hr", true);
        b.put("seed", 9);
        b.put("denoising_strength", 0.6);
        b.put("hr_second_pass_steps", 2);
        BufferedImage plain = ApiClient.image(ApiClient.bytes(generate("/sdapi/v1/txt2img", b, 1, 128, 128)
                .get("images").get(0).asText()));
        b.put("hr_sampler_name", "Use same sampler");
        b.put("hr_scheduler", "Use same scheduler");
        JsonNode res = generate("/sdapi/v1/txt2img", b, 1, 128, 128);
        assertThat(info(res).get("infotexts").get(0).asText()).doesNotContain("Hires sampler", "Hires schedule type");
        assertThat(diff(ApiClient.image(ApiClient.bytes(res.get("images").get(0).asText())), plain, 0, 128, 0, 128))
                .isZero();
    }

    @org.junit.jupiter.api.Test
    void txt2imgWithTiling() throws Exception {
        Map<String, Object> b = txt2img();
        b.put("tiling", true);
        JsonNode info = info(generate("/sdapi/v1/txt2img", b, 1, 64, 64));
        assertThat(info.get("infotexts").get(0).asText()).contains("Tiling: True");
    }

    /** A1111 with no face restorer installed answers 200 and the images unrestored, as here. */
    @org.junit.jupiter.api.Test
    void txt2imgWithRestoreFaces() throws Exception {
        Map<String, Object> b = txt2img();
        b.put("restore_faces", true);
        JsonNode info = info(generate("/sdapi/v1/txt2img", b, 1, 64, 64));
        assertThat(info.get("restore_faces").asBoolean()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"PLMS", "DDIM", "UniPC"})
    void txt2imgWithVanillaSampler(String sampler) throws Exception {
        Map<String, Object> b = txt2img();
        b.put("sampler_index", sampler);
        JsonNode info = info(generate("/sdapi/v1/txt2img", b, 1, 64, 64));
        assertThat(info.get("sampler_name").asText()).isEqualTo(sampler);
        assertThat(info.get("infotexts").get(0).asText()).contains("Sampler: " + sampler);
    }

    /** A1111 api.py: {@code sampler_name or sampler_index}; the echo keeps both as sent. */
    @org.junit.jupiter.api.Test
    void samplerNameWinsOverSamplerIndex() throws Exception {
        Map<String, Object> b = txt2img();
        b.put("sampler_name", "DDIM");
        JsonNode res = generate("/sdapi/v1/txt2img", b, 1, 64, 64);
        assertThat(info(res).get("sampler_name").asText()).isEqualTo("DDIM");
        assertThat(res.get("parameters").get("sampler_index").asText()).isEqualTo("Euler a");
    }

    @org.junit.jupiter.api.Test
    void txt2imgMultipleBatches() throws Exception {
        Map<String, Object> b = txt2img();
        b.put("n_iter", 2);
        JsonNode info = info(generate("/sdapi/v1/txt2img", b, 2, 64, 64));
        assertThat(info.get("all_seeds").get(1).asLong()).isEqualTo(info.get("all_seeds").get(0).asLong() + 1);
        assertThat(info.get("infotexts")).hasSize(2);
    }

    @org.junit.jupiter.api.Test
    void txt2imgBatch() throws Exception {
        Map<String, Object> b = txt2img();
        b.put("batch_size", 2);
        JsonNode res = generate("/sdapi/v1/txt2img", b, 2, 64, 64);
        JsonNode info = info(res);
        assertThat(info.get("batch_size").asInt()).isEqualTo(2);
        assertThat(res.get("images").get(0).asText()).isNotEqualTo(res.get("images").get(1).asText());
    }

    /** A1111 1.8+ {@code infotext}: a body holding only an image's infotext makes the same image again. */
    @org.junit.jupiter.api.Test
    void infotextFieldReproducesAnImage() throws Exception {
        Map<String, Object> b = txt2img();
        b.put("seed", 77);
        b.put("height", 128);
        b.put("cfg_scale", "5.5"); // a numeric string, as pydantic accepts
        b.put("override_settings", Map.of("CLIP_stop_at_last_layers", 2));
        JsonNode first = generate("/sdapi/v1/txt2img", b, 1, 64, 128);
        String infotext = info(first).get("infotexts").get(0).asText();
        assertThat(infotext).contains("Clip skip: 2", "CFG scale: 5.5");
        JsonNode again = generate("/sdapi/v1/txt2img", Map.of("infotext", infotext), 1, 64, 128);
        JsonNode info = info(again);
        assertThat(info.get("seed").asLong()).isEqualTo(77L);
        assertThat(info.get("steps").asInt()).isEqualTo(3);
        assertThat(info.get("cfg_scale").asDouble()).isEqualTo(5.5);
        assertThat(info.get("clip_skip").asInt()).isEqualTo(2);
        assertThat(again.get("parameters").get("sampler_name").asText()).isEqualTo("Euler a");
        assertThat(diff(ApiClient.image(ApiClient.bytes(again.get("images").get(0).asText())),
                ApiClient.image(ApiClient.bytes(first.get("images").get(0).asText())), 0, 128, 0, 64)).isZero();
    }

    /** test_img2img.py {@code simple_img2img_request}. */
    static Map<String, Object> img2img() throws Exception {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("batch_size", 1);
        b.put("cfg_scale", 7);
        b.put("denoising_strength", 0.75);
        b.put("eta", 0);
        b.put("height", 64);
        b.put("include_init_images", false);
        b.put("init_images", List.of(initImage()));
        b.put("inpaint_full_res", false);
        b.put("inpaint_full_res_padding", 0);
        b.put("inpainting_fill", 0);
        b.put("inpainting_mask_invert", false);
        b.put("mask", null);
        b.put("mask_blur", 4);
        b.put("n_iter", 1);
        b.put("negative_prompt", "");
        b.put("override_settings", Map.of());
        b.put("prompt", "example prompt");
        b.put("resize_mode", 0);
        b.put("restore_faces", false);
        b.put("s_churn", 0);
        b.put("s_noise", 1);
        b.put("s_tmax", 0);
        b.put("s_tmin", 0);
        b.put("sampler_index", "Euler a");
        b.put("seed", -1);
        b.put("seed_resize_from_h", -1);
        b.put("seed_resize_from_w", -1);
        b.put("steps", 3);
        b.put("styles", List.of());
        b.put("subseed", -1);
        b.put("subseed_strength", 0);
        b.put("tiling", false);
        b.put("width", 64);
        return b;
    }

    @org.junit.jupiter.api.Test
    void img2imgSimple() throws Exception {
        JsonNode res = generate("/sdapi/v1/img2img", img2img(), 1, 64, 64);
        assertThat(res.get("parameters").get("init_images").isNull()).isTrue();
        assertThat(info(res).get("infotexts").get(0).asText()).contains("Denoising strength: 0.75", "Sampler: Euler a");
    }

    /**
     * With a mask the pixels far outside it keep the init image (A1111 pastes the original back over
     * the unmasked area); inverting the mask (a boolean, as A1111's test sends it) keeps the other part.
     * The regions checked lie more than the blur kernel's radius (mask_blur 4: 10 px) from the mask's edge.
     */
    @org.junit.jupiter.api.Test
    void inpaintingMaskedAndInverted() throws Exception {
        Map<String, Object> b = img2img();
        b.put("mask", maskImage());
        BufferedImage init = ApiClient.image(ApiClient.bytes(initImage()));
        BufferedImage masked = ApiClient.image(ApiClient.bytes(generate("/sdapi/v1/img2img", b, 1, 64, 64)
                .get("images").get(0).asText()));
        assertThat(diff(masked, init, 44, 64, 0, 64)).as("unmasked bottom kept").isLessThanOrEqualTo(2);
        assertThat(diff(masked, init, 0, 20, 0, 20)).as("masked corner repainted").isGreaterThan(2);
        b.put("inpainting_mask_invert", true);
        BufferedImage inverted = ApiClient.image(ApiClient.bytes(generate("/sdapi/v1/img2img", b, 1, 64, 64)
                .get("images").get(0).asText()));
        assertThat(diff(inverted, init, 0, 20, 0, 20)).as("mask area kept when inverted").isLessThanOrEqualTo(2);
        assertThat(diff(inverted, init, 44, 64, 0, 64)).as("rest repainted").isGreaterThan(2);
    }

    /** A1111's test runs the "SD upscale" script; no scripts exist here yet: A1111's 422 for an unknown script. */
    @org.junit.jupiter.api.Test
    void img2imgSdUpscaleScriptIsNotThereYet() throws Exception {
        Map<String, Object> b = img2img();
        b.put("script_name", "sd upscale");
        b.put("script_args", List.of("", 8, "Lanczos", 2.0));
        HttpResponse<String> r = api.post("/sdapi/v1/img2img", b);
        assertThat(r.statusCode()).isEqualTo(422);
        assertThat(api.read(r).get("detail").asText()).isEqualTo("Script 'sd upscale' not found");
    }

    /** test_utils.py test_options_write: flip send_seed and read it back. */
    @org.junit.jupiter.api.Test
    void optionsWrite() {
        boolean before = api.read(api.get("/sdapi/v1/options")).get("send_seed").asBoolean();
        HttpResponse<String> r = api.post("/sdapi/v1/options", Map.of("send_seed", !before));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("null");
        assertThat(api.read(api.get("/sdapi/v1/options")).get("send_seed").asBoolean()).isEqualTo(!before);
        api.post("/sdapi/v1/options", Map.of("send_seed", before));
        assertThat(api.read(api.get("/sdapi/v1/options")).get("send_seed").asBoolean()).isEqualTo(before);
    }

    /**
     * test_utils.py test_get_api_url (hypernetworks and realesrgan-models belong to other features'
     * tests), each list with at least A1111's keys.
     */
    @ParameterizedTest
    @ValueSource(strings = {"cmd-flags", "samplers", "upscalers", "sd-models", "face-restorers", "prompt-styles",
            "embeddings"})
    void getApiUrl(String path) {
        HttpResponse<String> r = api.get("/sdapi/v1/" + path);
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode n = api.read(r);
        List<String> keys = new ArrayList<>();
        (n.isArray() && n.size() > 0 ? n.get(0) : n).fieldNames().forEachRemaining(keys::add);
        Map<String, List<String>> want = Map.of("samplers", List.of("name", "aliases", "options"),
                "upscalers", List.of("name", "model_name", "model_path", "model_url", "scale"),
                "sd-models", List.of("title", "model_name", "hash", "sha256", "filename", "config"),
                "embeddings", List.of("loaded", "skipped"), "cmd-flags", List.of("api", "ckpt", "data_dir"));
        assertThat(keys).containsAll(want.getOrDefault(path, List.of()));
        if (path.equals("face-restorers")) {
            assertThat(n.isArray()).isTrue();
        }
    }
}
