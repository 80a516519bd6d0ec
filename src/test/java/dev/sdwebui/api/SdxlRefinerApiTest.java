package dev.sdwebui.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.sdwebui.testsupport.RunningApp;
import dev.sdwebui.testsupport.SharedReference;
import java.awt.image.BufferedImage;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * POST /sdapi/v1/txt2img on an SDXL base with {@code refiner_checkpoint} / {@code refiner_switch_at} (A1111's
 * fields): sdxl-tiny's x06 image within 2 levels, the Refiner infotext; an unknown refiner is a 400.
 */
@Tag("slow")
class SdxlRefinerApiTest {

    @Test
    void refinerFieldsOverHttp() throws Exception {
        Path xl = SharedReference.sharedDir().resolve("reference/sdxl-tiny");
        Path dir = xl.resolve("cases/x06_refiner_euler_a_karras_64_cfg7_switch0.6");
        Path data = Files.createTempDirectory("sdwebui-refiner");
        Path models = Files.createDirectories(data.resolve("models/Stable-diffusion"));
        Files.copy(xl.resolve("sdxl-refiner-fp32.safetensors"), models.resolve("sdxl-refiner-fp32.safetensors"));
        try (RunningApp app = RunningApp.start(data, "http", "--api", "--ckpt",
                xl.resolve("sdxl-base-fp32.safetensors").toString())) {
            ApiClient api = new ApiClient(app);
            JsonObject c = JsonParser.parseString(Files.readString(dir.resolve("case.json"))).getAsJsonObject()
                    .getAsJsonObject("case");
            Map<String, Object> body = Txt2ImgApiTest.body(c);
            body.put("refiner_checkpoint", "sdxl-refiner-fp32");
            body.put("refiner_switch_at", 0.6);
            JsonNode res = api.ok("/sdapi/v1/txt2img", body);
            BufferedImage got = ApiClient.image(ApiClient.bytes(res.get("images").get(0).asText()));
            double[] d = Txt2ImgApiTest.diff(got, ImageIO.read(dir.resolve("image.png").toFile()));
            assertThat(d[0]).isLessThanOrEqualTo(2);
            assertThat(d[1]).isLessThan(0.05);
            String infotext = api.json.readTree(res.get("info").asText()).get("infotexts").get(0).asText();
            assertThat(infotext).containsPattern("Refiner: sdxl-refiner-fp32 \\[[0-9a-f]{10}\\], Refiner switch at: 0.6");

            String page = api.get("/").body();
            assertThat(page).contains("id=\"txt2img_refiner\"", "id=\"txt2img_switch_at_input\"")
                    .containsPattern("<option value=\"sdxl-refiner-fp32.safetensors \\[[0-9a-f]{10}\\]\"");

            body.put("refiner_checkpoint", "no-such-refiner");
            HttpResponse<String> bad = api.post("/sdapi/v1/txt2img", body);
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(bad.body()).contains("Refiner checkpoint not found: no-such-refiner");
        }
    }
}
