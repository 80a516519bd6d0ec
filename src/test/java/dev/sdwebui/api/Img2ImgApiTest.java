package dev.sdwebui.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sdwebui.testsupport.RunningApp;
import dev.sdwebui.testsupport.SharedReference;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** POST /sdapi/v1/img2img over real HTTP with the tiny checkpoint, good and bad input; the upscaler lists. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Tag("slow")
class Img2ImgApiTest {

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private RunningApp app;

    @BeforeAll
    void start() throws Exception {
        Path data = Files.createTempDirectory("sdwebui-img2img");
        Path ckpt = SharedReference.tinyDir().resolve("tiny-fp32.safetensors");
        app = RunningApp.start(data, "http", "--api", "--ckpt", ckpt.toString());
    }

    @AfterAll
    void stop() {
        app.close();
    }

    private HttpResponse<String> post(String path, Object body) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(app.uri(path)).timeout(Duration.ofMinutes(5))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body))).build();
        return http.send(req, HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode get(String path) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(app.uri(path)).GET().build();
        HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return json.readTree(r.body());
    }

    static String png(int w, int h, int rgb) throws Exception {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, x < w / 2 ? rgb : (x * 3) << 8 | y * 3);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return Base64.getEncoder().encodeToString(out.toByteArray());
    }

    private Map<String, Object> body(List<String> images) {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("prompt", "a photo of a cat");
        b.put("seed", 7);
        b.put("steps", 4);
        b.put("width", 64);
        b.put("height", 64);
        b.put("denoising_strength", 0.5);
        b.put("init_images", images);
        return b;
    }

    static BufferedImage decode(JsonNode image) throws Exception {
        return ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(image.asText())));
    }

    @Test
    void img2imgReturnsAnImageAndEchoesWithoutTheInitImages() throws Exception {
        HttpResponse<String> r = post("/sdapi/v1/img2img", body(List.of("data:image/png;base64," + png(64, 64, 0xff0000))));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode res = json.readTree(r.body());
        assertThat(res.get("images")).hasSize(1);
        assertThat(decode(res.get("images").get(0)).getWidth()).isEqualTo(64);
        assertThat(res.get("parameters").get("init_images").isNull()).isTrue();
        assertThat(res.get("parameters").get("denoising_strength").asDouble()).isEqualTo(0.5);
        JsonNode info = json.readTree(res.get("info").asText());
        assertThat(info.get("denoising_strength").asDouble()).isEqualTo(0.5);
        assertThat(info.get("infotexts").get(0).asText()).contains("Denoising strength: 0.5");
    }

    @Test
    void maskOfAnotherSizeIsResizedAndIncludeInitImagesEchoes() throws Exception {
        Map<String, Object> b = body(List.of(png(64, 64, 0x00ff00)));
        b.put("mask", png(32, 48, 0xffffff));
        b.put("inpaint_full_res", false);
        b.put("include_init_images", true);
        HttpResponse<String> r = post("/sdapi/v1/img2img", b);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode res = json.readTree(r.body());
        BufferedImage out = decode(res.get("images").get(0));
        assertThat(out.getWidth()).isEqualTo(64);
        assertThat(out.getHeight()).isEqualTo(64);
        assertThat(res.get("parameters").get("init_images")).hasSize(1);
        assertThat(json.readTree(res.get("info").asText()).get("infotexts").get(0).asText()).contains("Mask blur: 4");
    }

    @Test
    void badInput() throws Exception {
        HttpResponse<String> none = post("/sdapi/v1/img2img", Map.of("prompt", "x"));
        assertThat(none.statusCode()).isEqualTo(404);
        assertThat(json.readTree(none.body()).get("detail").asText()).isEqualTo("Init image not found");

        HttpResponse<String> text = post("/sdapi/v1/img2img", body(List.of(Base64.getEncoder().encodeToString(
                "not an image".getBytes()))));
        assertThat(text.statusCode()).isEqualTo(400);
        assertThat(json.readTree(text.body()).get("detail").asText()).contains("init image 1");

        HttpResponse<String> garbage = post("/sdapi/v1/img2img", body(List.of("%%%")));
        assertThat(garbage.statusCode()).isEqualTo(400);

        HttpResponse<String> local = post("/sdapi/v1/img2img", body(List.of("http://127.0.0.1:1/x.png")));
        assertThat(local.statusCode()).isEqualTo(400);
        assertThat(json.readTree(local.body()).get("detail").asText()).isEqualTo("Request to local resource not allowed");

        // Bounds are checked before any image is decoded: a garbage image with width 100000 is a 422 for the width.
        Map<String, Object> huge = body(List.of("%%%"));
        huge.put("width", 100000);
        HttpResponse<String> tooWide = post("/sdapi/v1/img2img", huge);
        assertThat(tooWide.statusCode()).isEqualTo(422);
        assertThat(json.readTree(tooWide.body()).at("/detail/0/loc/1").asText()).isEqualTo("width");

        Map<String, Object> badMode = body(List.of(png(64, 64, 0)));
        badMode.put("resize_mode", 7);
        assertThat(post("/sdapi/v1/img2img", badMode).statusCode()).isEqualTo(400);
    }

    @Test
    void upscalerListsHaveA1111Shapes() throws Exception {
        JsonNode ups = get("/sdapi/v1/upscalers");
        assertThat(ups.get(0).get("name").asText()).isEqualTo("None");
        assertThat(ups.findValuesAsText("name")).containsExactly("None", "Lanczos", "Nearest");
        assertThat(ups.get(1).has("model_url")).isTrue();
        assertThat(ups.get(1).get("scale").asDouble()).isEqualTo(4.0);
        JsonNode modes = get("/sdapi/v1/latent-upscale-modes");
        assertThat(modes.findValuesAsText("name")).containsExactly("Latent", "Latent (antialiased)", "Latent (bicubic)",
                "Latent (bicubic antialiased)", "Latent (nearest)", "Latent (nearest-exact)");
    }

    @Test
    void txt2imgWithHiresFixReturnsTheUpscaledSize() throws Exception {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("prompt", "a photo of a cat");
        b.put("seed", 3);
        b.put("steps", 3);
        b.put("width", 64);
        b.put("height", 64);
        b.put("enable_hr", true);
        b.put("hr_scale", 2);
        b.put("hr_upscaler", "Latent");
        b.put("hr_second_pass_steps", 2);
        b.put("denoising_strength", 0.55);
        HttpResponse<String> r = post("/sdapi/v1/txt2img", b);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode res = json.readTree(r.body());
        assertThat(decode(res.get("images").get(0)).getWidth()).isEqualTo(128);
        assertThat(json.readTree(res.get("info").asText()).get("infotexts").get(0).asText())
                .contains("Hires upscale: 2.0", "Hires upscaler: Latent", "Denoising strength: 0.55");

        b.put("hr_upscaler", "SwinIR 9x");
        HttpResponse<String> bad = post("/sdapi/v1/txt2img", b);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(json.readTree(bad.body()).get("detail").asText()).contains("could not find upscaler named SwinIR 9x");
        b.put("hr_upscaler", "Lanczos");
        b.put("hr_checkpoint_name", "other.safetensors");
        assertThat(post("/sdapi/v1/txt2img", b).statusCode()).isEqualTo(400);
    }
}
