package dev.sdwebui.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sdwebui.postprocess.Pixels;
import dev.sdwebui.testsupport.RunningApp;
import dev.sdwebui.testsupport.SharedReference;
import java.io.ByteArrayInputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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

/**
 * /sdapi/v1/extra-single-image, /extra-batch-images, /upscalers and /realesrgan-models over real HTTP, with
 * upscale-tiny models placed in the A1111 folders (one under a RealESRGAN built-in file name); the ESRGAN
 * result is compared with A1111's picture of the same case.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Tag("slow")
class ExtrasApiTest {

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private RunningApp app;
    private Path ref;

    @BeforeAll
    void start() throws Exception {
        ref = SharedReference.sharedDir().resolve("reference/upscale-tiny");
        Path data = Files.createTempDirectory("sdwebui-extras");
        Files.createDirectories(data.resolve("models/ESRGAN"));
        Files.createDirectories(data.resolve("models/RealESRGAN"));
        Files.copy(ref.resolve("models/esrgan-old-4x.pth"), data.resolve("models/ESRGAN/esrgan-old-4x.pth"));
        Files.copy(ref.resolve("models/realesrgan-new-2x.pth"), data.resolve("models/RealESRGAN/RealESRGAN_x2plus.pth"));
        Files.writeString(data.resolve("models/ESRGAN/broken.pth"), "not a model");
        app = RunningApp.start(data, "http", "--api");
    }

    @AfterAll
    void stop() {
        if (app != null) {
            app.close();
        }
    }

    private HttpResponse<String> post(String path, Object body) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(app.uri(path)).timeout(Duration.ofMinutes(5))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body))).build();
        return http.send(req, HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(app.uri(path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return json.readTree(r.body());
    }

    private String input() throws Exception {
        return Base64.getEncoder().encodeToString(Files.readAllBytes(ref.resolve("inputs/grad48x40.png")));
    }

    private static Pixels decode(String b64) throws Exception {
        return Pixels.of(ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(b64)))).toRgb();
    }

    @Test
    void listsModelUpscalersByFileAndBuiltInName() throws Exception {
        JsonNode ups = get("/sdapi/v1/upscalers");
        List<String> names = new ArrayList<>();
        ups.forEach(u -> names.add(u.get("name").asText()));
        assertThat(names).containsExactly("None", "Lanczos", "Nearest", "broken", "esrgan-old-4x", "R-ESRGAN 2x+");
        JsonNode esrgan = ups.get(4);
        assertThat(esrgan.get("model_name").asText()).isEqualTo("ESRGAN_4x");
        assertThat(esrgan.get("model_path").asText()).endsWith("models/ESRGAN/esrgan-old-4x.pth");
        assertThat(esrgan.get("scale").asDouble()).isEqualTo(4.0);
        assertThat(ups.get(5).get("scale").asDouble()).isEqualTo(2.0);
        JsonNode real = get("/sdapi/v1/realesrgan-models");
        assertThat(real).hasSize(6);
        assertThat(real.get(3).get("name").asText()).isEqualTo("R-ESRGAN 4x+");
        assertThat(real.get(3).get("path").asText()).endsWith("RealESRGAN_x4plus.pth");
    }

    @Test
    void singleImageMatchesA1111AndCarriesItsInfotext() throws Exception {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("image", input());
        b.put("upscaling_resize", 4);
        b.put("upscaler_1", "esrgan-old-4x");
        HttpResponse<String> r = post("/sdapi/v1/extra-single-image", b);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode body = json.readTree(r.body());
        assertThat(body.get("html_info").asText())
                .isEqualTo("<p>Postprocess upscale by: 4.0, Postprocess upscaler: esrgan-old-4x</p>");
        Pixels got = decode(body.get("image").asText());
        Pixels want = Pixels.of(ImageIO.read(ref.resolve("cases/esrgan-old-4x_by4_default-tile/output.png").toFile()))
                .toRgb();
        assertThat(got.width()).isEqualTo(192);
        int max = 0;
        for (int i = 0; i < want.data().length; i++) {
            max = Math.max(max, Math.abs(got.data()[i] - want.data()[i]));
        }
        assertThat(max).isLessThanOrEqualTo(1);
    }

    @Test
    void batchUsesTheBuiltInNameAndScaleTo() throws Exception {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("imageList", List.of(Map.of("data", input(), "name", "a.png"), Map.of("data", input(), "name", "b.png")));
        b.put("resize_mode", 1);
        b.put("upscaling_resize_w", 100);
        b.put("upscaling_resize_h", 60);
        b.put("upscaler_1", "R-ESRGAN 2x+");
        b.put("upscaler_2", "Lanczos");
        b.put("extras_upscaler_2_visibility", 0.5);
        HttpResponse<String> r = post("/sdapi/v1/extra-batch-images", b);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode body = json.readTree(r.body());
        assertThat(body.get("images")).hasSize(2);
        Pixels img = decode(body.get("images").get(0).asText());
        assertThat(img.width()).isEqualTo(100);
        assertThat(img.height()).isEqualTo(60);
        assertThat(body.get("html_info").asText()).isEqualTo("<p>Postprocess upscale to: 100x60, Postprocess crop to: 100x60, "
                + "Postprocess upscaler: R-ESRGAN 2x+, Postprocess upscaler 2: Lanczos</p>");
    }

    @Test
    void badInputIsRefusedWithAMessage() throws Exception {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("image", input());
        b.put("upscaler_1", "4x-NoSuchModel");
        HttpResponse<String> r = post("/sdapi/v1/extra-single-image", b);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("could not find upscaler named 4x-NoSuchModel");
        b.put("upscaler_1", "broken");
        r = post("/sdapi/v1/extra-single-image", b);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("broken.pth");
        b.put("upscaler_1", "Lanczos");
        b.put("upscaling_resize", 9);
        assertThat(post("/sdapi/v1/extra-single-image", b).statusCode()).isEqualTo(422);
        b.put("upscaling_resize", 2);
        b.put("image", "bm90IGFuIGltYWdl");
        assertThat(post("/sdapi/v1/extra-single-image", b).statusCode()).isEqualTo(400);
    }
}
