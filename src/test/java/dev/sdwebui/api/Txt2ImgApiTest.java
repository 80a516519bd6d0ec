package dev.sdwebui.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.sdwebui.infotext.PngTextChunks;
import dev.sdwebui.testsupport.RunningApp;
import dev.sdwebui.testsupport.SharedReference;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The app started as a user would (--api --ckpt tiny-fp32.safetensors --data-dir tmp), every reference
 * case sent to POST /sdapi/v1/txt2img: the PNG within 2 levels max / 0.05 mean of the case's image.png,
 * carrying the infotext that png-info parses back.
 */
@Tag("slow")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class Txt2ImgApiTest {

    static final Map<String, String> SAMPLERS = Map.of("euler", "Euler", "euler_ancestral", "Euler a", "heun", "Heun",
            "lms", "LMS", "dpmpp_2m", "DPM++ 2M", "ddim", "DDIM");
    static final Map<String, String> SCHEDULERS = Map.of("normal", "Uniform", "karras", "Karras");

    private Path data;
    private RunningApp app;
    private ApiClient api;

    @BeforeAll
    void start() throws IOException {
        data = Files.createTempDirectory("sdwebui-txt2img");
        Path ckpt = SharedReference.tinyDir().resolve("tiny-fp32.safetensors");
        app = RunningApp.start(data, "http", "--api", "--ckpt", ckpt.toString());
        api = new ApiClient(app);
    }

    @AfterAll
    void stop() {
        app.close();
    }

    static Map<String, Object> body(JsonObject c) {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("prompt", c.get("prompt").getAsString());
        b.put("negative_prompt", c.get("negative_prompt").getAsString());
        b.put("seed", c.get("seed").getAsLong());
        b.put("sampler_name", SAMPLERS.get(c.get("sampler").getAsString()));
        b.put("scheduler", SCHEDULERS.get(c.get("scheduler").getAsString()));
        b.put("steps", c.get("steps").getAsInt());
        b.put("cfg_scale", c.get("cfg_scale").getAsDouble());
        b.put("width", c.get("width").getAsInt());
        b.put("height", c.get("height").getAsInt());
        b.put("override_settings", Map.of("randn_source", "CPU"));
        return b;
    }

    @Test
    void everyReferenceCaseOverHttp() throws Exception {
        List<Path> cases;
        try (Stream<Path> s = Files.list(SharedReference.tinyDir().resolve("cases"))) {
            cases = s.filter(p -> Files.exists(p.resolve("case.json"))).sorted().toList();
        }
        assertThat(cases).hasSizeGreaterThanOrEqualTo(11);
        for (Path dir : cases) {
            JsonObject c = JsonParser.parseString(Files.readString(dir.resolve("case.json"))).getAsJsonObject()
                    .getAsJsonObject("case");
            JsonNode res = api.ok("/sdapi/v1/txt2img", body(c));
            assertThat(res.get("images")).as(dir.toString()).hasSize(1);
            byte[] png = ApiClient.bytes(res.get("images").get(0).asText());
            BufferedImage want = ImageIO.read(dir.resolve("image.png").toFile());
            double[] d = diff(ApiClient.image(png), want);
            assertThat(d[0]).as(dir + " max level difference").isLessThanOrEqualTo(2);
            assertThat(d[1]).as(dir + " mean level difference").isLessThan(0.05);

            JsonNode info = api.json.readTree(res.get("info").asText());
            String infotext = info.get("infotexts").get(0).asText();
            assertThat(PngTextChunks.read(png)).containsEntry("parameters", infotext);
            assertThat(infotext).contains("Seed: " + c.get("seed").getAsLong(), "Sampler: "
                    + SAMPLERS.get(c.get("sampler").getAsString()), "Size: " + c.get("width").getAsInt() + "x"
                    + c.get("height").getAsInt(), "RNG: CPU", "Model: tiny-fp32", "Version: v1.10.1");
            JsonNode pnginfo = api.ok("/sdapi/v1/png-info", Map.of("image", "data:image/png;base64,"
                    + res.get("images").get(0).asText()));
            assertThat(pnginfo.get("info").asText()).isEqualTo(infotext);
            JsonNode params = pnginfo.get("parameters");
            assertThat(params.get("Prompt").asText()).isEqualTo(c.get("prompt").getAsString());
            assertThat(params.get("Seed").asText()).isEqualTo(c.get("seed").getAsString());
            assertThat(params.get("Steps").asText()).isEqualTo(c.get("steps").getAsString());
            assertThat(params.get("Sampler").asText()).isEqualTo(SAMPLERS.get(c.get("sampler").getAsString()));
            assertThat(params.get("Size-1").asText()).isEqualTo(c.get("width").getAsString());
            assertThat(params.get("Size-2").asText()).isEqualTo(c.get("height").getAsString());
            assertThat(params.get("Model hash").asText()).isEqualTo(info.get("sd_model_hash").asText());
            assertInfoKeys(info, c);
        }
    }

    private static void assertInfoKeys(JsonNode info, JsonObject c) {
        assertThat(info.fieldNames()).toIterable().containsExactly("prompt", "all_prompts", "negative_prompt",
                "all_negative_prompts", "seed", "all_seeds", "subseed", "all_subseeds", "subseed_strength", "width",
                "height", "sampler_name", "cfg_scale", "steps", "batch_size", "restore_faces", "face_restoration_model",
                "sd_model_name", "sd_model_hash", "sd_vae_name", "sd_vae_hash", "seed_resize_from_w",
                "seed_resize_from_h", "denoising_strength", "extra_generation_params", "index_of_first_image",
                "infotexts", "styles", "job_timestamp", "clip_skip", "is_using_inpainting_conditioning", "version");
        assertThat(info.get("seed").asLong()).isEqualTo(c.get("seed").getAsLong());
        assertThat(info.get("all_seeds").get(0).asLong()).isEqualTo(c.get("seed").getAsLong());
        assertThat(info.get("sd_model_name").asText()).isEqualTo("tiny-fp32");
        assertThat(info.get("sd_model_hash").asText()).hasSize(10);
        assertThat(info.get("job_timestamp").asText()).matches("\\d{14}");
    }

    /** [max level difference, mean level difference] over RGB. */
    static double[] diff(BufferedImage got, BufferedImage want) {
        assertThat(got.getWidth()).isEqualTo(want.getWidth());
        assertThat(got.getHeight()).isEqualTo(want.getHeight());
        int max = 0;
        long sum = 0;
        for (int y = 0; y < want.getHeight(); y++) {
            for (int x = 0; x < want.getWidth(); x++) {
                int a = got.getRGB(x, y);
                int b = want.getRGB(x, y);
                for (int sh = 0; sh <= 16; sh += 8) {
                    int d = Math.abs(((a >> sh) & 255) - ((b >> sh) & 255));
                    max = Math.max(max, d);
                    sum += d;
                }
            }
        }
        return new double[] {max, (double) sum / (3.0 * want.getWidth() * want.getHeight())};
    }

    @Test
    void parametersEchoTheRequestWithA1111Defaults() {
        JsonNode res = api.ok("/sdapi/v1/txt2img", Map.of("prompt", "a cat", "steps", 2, "width", 64, "height", 64));
        JsonNode p = res.get("parameters");
        assertThat(p.get("prompt").asText()).isEqualTo("a cat");
        assertThat(p.get("cfg_scale").asDouble()).isEqualTo(7.0);
        assertThat(p.get("seed").asLong()).isEqualTo(-1);
        assertThat(p.get("sampler_index").asText()).isEqualTo("Euler");
        assertThat(p.get("n_iter").asInt()).isEqualTo(1);
        assertThat(p.get("save_images").asBoolean()).isFalse();
        assertThat(p.has("sampler_name")).isTrue();
        assertThat(p.get("sampler_name").isNull()).isTrue();
    }

    @Test
    void badRequestsGetA1111Errors() {
        HttpResponse<String> r = api.post("/sdapi/v1/txt2img", Map.of("sampler_name", "Nope", "steps", 1));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(api.read(r).get("detail").asText()).isEqualTo("Sampler not found");
        r = api.post("/sdapi/v1/txt2img", Map.of("width", 65, "height", 64, "steps", 1));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(api.read(r).get("detail").asText()).contains("multiples of 8").contains("65x64");
        r = api.post("/sdapi/v1/txt2img", Map.of("enable_hr", true, "hr_upscaler", "Nope", "steps", 1));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(api.read(r).get("detail").asText()).isEqualTo("could not find upscaler named Nope");
        r = api.post("/sdapi/v1/txt2img", Map.of("script_name", "x/y/z plot", "steps", 1));
        assertThat(r.statusCode()).isEqualTo(422);
        assertThat(api.read(r).get("detail").asText()).isEqualTo("Script 'x/y/z plot' not found");
        r = api.post("/sdapi/v1/txt2img", Map.of("n_iter", 1000, "steps", 1, "width", 64, "height", 64));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(api.read(r).get("detail").asText()).contains("--max-batch-count");
        r = api.post("/sdapi/v1/txt2img", Map.of("width", 100000, "height", 64, "steps", 1));
        assertThat(r.statusCode()).isEqualTo(422);
        assertThat(api.read(r).at("/detail/0/loc/1").asText()).isEqualTo("width");
        assertThat(api.read(r).at("/detail/0/msg").asText()).contains("8192");
        r = api.post("/sdapi/v1/txt2img", Map.of("steps", 100000, "batch_size", 1000));
        assertThat(r.statusCode()).isEqualTo(422);
        assertThat(api.read(r).get("errors").asText()).contains("body -> batch_size").contains("body -> steps");
    }

    @Test
    void legacySamplerNameWithSchedulerAndBatchGrid() throws Exception {
        JsonNode res = api.ok("/sdapi/v1/txt2img", Map.of("prompt", "a dog", "seed", 5, "sampler_name", "DPM++ 2M Karras",
                "steps", 3, "width", 64, "height", 64, "batch_size", 2, "n_iter", 2, "save_images", true));
        JsonNode info = api.json.readTree(res.get("info").asText());
        assertThat(info.get("all_seeds")).extracting(JsonNode::asLong).containsExactly(5L, 6L, 7L, 8L);
        assertThat(info.get("index_of_first_image").asInt()).isEqualTo(1);
        assertThat(res.get("images")).hasSize(5); // grid + 4
        BufferedImage grid = ApiClient.image(ApiClient.bytes(res.get("images").get(0).asText()));
        assertThat(grid.getWidth()).isEqualTo(128);
        assertThat(grid.getHeight()).isEqualTo(128);
        assertThat(info.get("infotexts").get(1).asText()).contains("Sampler: DPM++ 2M, Schedule type: Karras");
        String date = LocalDate.now().toString();
        Path dir = data.resolve("outputs/txt2img-images").resolve(date);
        try (Stream<Path> files = Files.list(dir)) {
            List<String> names = files.map(p -> p.getFileName().toString()).sorted().toList();
            assertThat(names).anyMatch(n -> n.matches("\\d{5}-5\\.png")).anyMatch(n -> n.matches("\\d{5}-8\\.png"));
        }
        try (Stream<Path> files = Files.list(data.resolve("outputs/txt2img-grids").resolve(date))) {
            assertThat(files.map(p -> p.getFileName().toString())).anyMatch(n -> n.matches("grid-\\d{4}\\.png"));
        }
        try (Stream<Path> files = Files.walk(data.resolve("outputs"))) {
            assertThat(files.map(Path::toString)).noneMatch(n -> n.endsWith(".tmp"));
        }
        Path saved = dir.resolve(Files.list(dir).map(p -> p.getFileName().toString()).filter(n -> n.endsWith("-6.png"))
                .findFirst().orElseThrow());
        assertThat(PngTextChunks.read(Files.readAllBytes(saved)).get("parameters")).contains("Seed: 6");
        assertThat(Files.readString(data.resolve("params.txt"))).contains("Seed: 5");
    }

    @Test
    void samplersSchedulersAndEmbeddingsLists() {
        JsonNode samplers = api.read(api.get("/sdapi/v1/samplers"));
        assertThat(samplers.get(0).get("name").asText()).isEqualTo("DPM++ 2M");
        assertThat(samplers.findValuesAsText("name")).contains("Euler a", "Euler", "LMS", "Heun", "DDIM");
        assertThat(samplers.get(0).get("options").get("scheduler").asText()).isEqualTo("karras");
        JsonNode schedulers = api.read(api.get("/sdapi/v1/schedulers"));
        assertThat(schedulers.findValuesAsText("label")).contains("Uniform", "Karras", "Exponential");
        assertThat(schedulers.get(0).has("default_rho")).isTrue();
        assertThat(schedulers.get(0).has("need_inner_model")).isTrue();
        JsonNode emb = api.read(api.get("/sdapi/v1/embeddings"));
        assertThat(emb.has("loaded")).isTrue();
        assertThat(emb.has("skipped")).isTrue();
        assertThat(api.post("/sdapi/v1/refresh-embeddings", "").statusCode()).isEqualTo(200);
    }

    @Test
    void unloadAndReloadCheckpoint() {
        assertThat(api.post("/sdapi/v1/unload-checkpoint", "").statusCode()).isEqualTo(200);
        assertThat(api.post("/sdapi/v1/reload-checkpoint", "").statusCode()).isEqualTo(200);
        JsonNode res = api.ok("/sdapi/v1/txt2img", Map.of("prompt", "x", "steps", 1, "width", 64, "height", 64));
        assertThat(res.get("images")).hasSize(1);
    }

    @Test
    void tokenCounter() {
        JsonNode r = api.read(api.get("/internal/tokens?text=a%20photo%20of%20a%20cat&steps=20"));
        assertThat(r.get("tokens").asInt()).isEqualTo(5);
        assertThat(r.get("max").asInt()).isEqualTo(75);
    }
}
