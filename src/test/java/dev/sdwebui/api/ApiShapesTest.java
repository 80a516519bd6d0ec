package dev.sdwebui.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sdwebui.testsupport.RunningApp;
import dev.sdwebui.testsupport.SharedReference;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every A1111 v1.10 endpoint this build answers (Ref: A1111 api.py {@code Api.__init__} routes), its
 * status and the shape of its answer, table-driven; then model selection through POST /options
 * (tiny-fp32, tiny-fp16 and a broken file in models/Stable-diffusion), and server-stop last.
 */
@Tag("slow")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ApiShapesTest {

    static final List<String> ERROR = List.of("error", "detail", "body", "errors");
    private RunningApp app;
    private ApiClient api;

    @BeforeAll
    void start() throws Exception {
        Path data = Files.createTempDirectory("sdwebui-api-shapes");
        Path models = Files.createDirectories(data.resolve("models/Stable-diffusion"));
        Files.copy(SharedReference.tinyDir().resolve("tiny-fp32.safetensors"), models.resolve("tiny-fp32.safetensors"));
        Files.copy(SharedReference.tinyDir().resolve("tiny-fp16.safetensors"), models.resolve("tiny-fp16.safetensors"));
        Files.writeString(models.resolve("broken.safetensors"), "not a checkpoint", StandardCharsets.UTF_8);
        Files.writeString(data.resolve("config.json"), "{\"sd_model_checkpoint\": \"tiny-fp32.safetensors\"}");
        app = RunningApp.start(data, "http", "--api", "--api-server-stop");
        api = new ApiClient(app);
    }

    @AfterAll
    void stop() {
        app.close();
    }

    static String png() throws Exception {
        return ApiTestImages.initImage();
    }

    /** method, path, body (null = none), status, expected: JSON kind and keys ("null", "{}", "[]", or key list). */
    static Stream<Arguments> endpoints() throws Exception {
        String img = png();
        return Stream.of(
                row("GET", "/options", null, 200, List.of("sd_model_checkpoint", "send_seed", "samples_format")),
                row("GET", "/cmd-flags", null, 200, List.of("api", "api_server_stop", "ckpt", "data_dir", "nowebui")),
                row("GET", "/samplers", null, 200, List.of("[", "name", "aliases", "options")),
                row("GET", "/schedulers", null, 200, List.of("[", "name", "label", "aliases", "default_rho",
                        "need_inner_model")),
                row("GET", "/upscalers", null, 200, List.of("[", "name", "model_name", "model_path", "model_url", "scale")),
                row("GET", "/latent-upscale-modes", null, 200, List.of("[", "name")),
                row("GET", "/sd-models", null, 200, List.of("[", "title", "model_name", "hash", "sha256", "filename",
                        "config")),
                row("GET", "/sd-vae", null, 200, List.of("[]")),
                row("GET", "/face-restorers", null, 200, List.of("[]")),
                row("GET", "/prompt-styles", null, 200, List.of("[]")),
                row("GET", "/embeddings", null, 200, List.of("loaded", "skipped")),
                row("GET", "/memory", null, 200, List.of("ram", "cuda")),
                row("GET", "/scripts", null, 200, List.of("txt2img", "img2img")),
                row("GET", "/script-info", null, 200, List.of("[]")),
                row("GET", "/extensions", null, 200, List.of("[]")),
                row("GET", "/progress", null, 200, List.of("progress", "eta_relative", "state", "current_image",
                        "textinfo", "current_task")),
                row("POST", "/txt2img", Map.of("steps", 1, "width", 64, "height", 64), 200,
                        List.of("images", "parameters", "info")),
                row("POST", "/img2img", Map.of("steps", 1, "width", 64, "height", 64, "init_images", List.of(img)), 200,
                        List.of("images", "parameters", "info")),
                row("POST", "/png-info", Map.of("image", img), 200, List.of("info", "items", "parameters")),
                row("POST", "/interrupt", null, 200, List.of("{}")),
                row("POST", "/skip", null, 200, List.of("null")),
                row("POST", "/options", Map.of(), 200, List.of("null")),
                row("POST", "/refresh-checkpoints", null, 200, List.of("null")),
                row("POST", "/refresh-vae", null, 200, List.of("null")),
                row("POST", "/refresh-embeddings", null, 200, List.of("null")),
                row("POST", "/unload-checkpoint", null, 200, List.of("{}")),
                row("POST", "/reload-checkpoint", null, 200, List.of("{}")),
                row("POST", "/interrogate", Map.of("image", img), 501, ERROR),
                row("POST", "/interrogate", Map.of("image", img, "model", "deepdanbooru"), 501, ERROR),
                row("POST", "/interrogate", Map.of(), 404, ERROR),
                row("POST", "/interrogate", Map.of("image", img, "model", "blip2"), 404, ERROR),
                row("POST", "/create/embedding", Map.of("name", "x"), 501, ERROR),
                row("POST", "/create/hypernetwork", Map.of("name", "x"), 501, ERROR),
                row("POST", "/train/embedding", Map.of("embedding_name", "x"), 501, ERROR),
                row("POST", "/train/hypernetwork", Map.of("hypernetwork_name", "x"), 501, ERROR),
                row("POST", "/server-restart", null, 501, ERROR),
                row("POST", "/txt2img", Map.of("steps", "three"), 422, List.of("error", "detail", "body", "errors")),
                row("POST", "/img2img", Map.of("init_images", "not a list"), 422, List.of("error", "detail", "body",
                        "errors")),
                row("POST", "/options", List.of(1), 422, ERROR),
                row("POST", "/txt2img", Map.of("sampler_name", "Nope"), 400, ERROR));
    }

    private static Arguments row(String method, String path, Object body, int status, List<String> shape) {
        return Arguments.of(method, path, body, status, shape);
    }

    @ParameterizedTest(name = "{0} {1} {2} -> {3} {4}")
    @MethodSource("endpoints")
    @Order(1)
    void answerShape(String method, String path, Object body, int status, List<String> shape) {
        HttpResponse<String> r = method.equals("GET") ? api.get("/sdapi/v1" + path)
                : api.post("/sdapi/v1" + path, body == null ? "" : body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("json"));
        JsonNode n = api.read(r);
        switch (shape.get(0)) {
            case "null" -> assertThat(n.isNull()).as(r.body()).isTrue();
            case "{}" -> assertThat(n.isObject() && n.isEmpty()).as(r.body()).isTrue();
            case "[]" -> assertThat(n.isArray()).as(r.body()).isTrue();
            case "[" -> {
                assertThat(n.isArray() && n.size() > 0).as(r.body()).isTrue();
                assertThat(keys(n.get(0))).containsAll(shape.subList(1, shape.size()));
            }
            default -> assertThat(keys(n)).containsAll(shape);
        }
        if (shape.equals(ERROR) && status != 422) {
            assertThat(n.get("detail").asText()).isNotBlank();
            assertThat(n.get("errors").asText()).startsWith(status + ": ");
        }
    }

    private static List<String> keys(JsonNode n) {
        List<String> k = new ArrayList<>();
        n.fieldNames().forEachRemaining(k::add);
        return k;
    }

    @Test
    @Order(2)
    void validationErrorsAreFastApis() {
        HttpResponse<String> r = api.post("/sdapi/v1/txt2img", Map.of("steps", "three", "width", 64));
        JsonNode d = api.read(r).get("detail");
        assertThat(d.isArray()).isTrue();
        assertThat(d.get(0).get("loc").toString()).isEqualTo("[\"body\",\"steps\"]");
        assertThat(d.get(0).get("msg").asText()).isEqualTo("value is not a valid integer");
        assertThat(d.get(0).get("type").asText()).isEqualTo("type_error.integer");
    }

    @Test
    @Order(2)
    void notBuiltEndpointsSayWhatIsMissing() throws Exception {
        assertThat(api.read(api.post("/sdapi/v1/interrogate", Map.of("image", png())))
                .get("detail").asText()).contains("CLIP interrogator", "not built");
        assertThat(api.read(api.post("/sdapi/v1/interrogate", Map.of())).get("detail").asText()).isEqualTo("Image not found");
        assertThat(api.read(api.post("/sdapi/v1/train/embedding", Map.of())).get("detail").asText())
                .contains("training", "not built");
        JsonNode schedulers = api.read(api.get("/sdapi/v1/schedulers"));
        assertThat(schedulers.get(0).get("name").asText()).isEqualTo("automatic");
        assertThat(schedulers.get(0).get("label").asText()).isEqualTo("Automatic");
        assertThat(schedulers.get(0).get("aliases").isNull()).isTrue();
        assertThat(schedulers.get(0).get("default_rho").asDouble()).isEqualTo(-1.0);
        assertThat(api.read(api.get("/sdapi/v1/scripts")).toString()).isEqualTo("{\"txt2img\":[],\"img2img\":[]}");
    }

    private String selected() {
        return api.read(api.get("/sdapi/v1/options")).get("sd_model_checkpoint").asText();
    }

    private String modelOf(JsonNode txt2img) throws Exception {
        return api.json.readTree(txt2img.get("info").asText()).get("sd_model_name").asText();
    }

    private JsonNode quickJob() {
        return api.ok("/sdapi/v1/txt2img", Map.of("steps", 1, "width", 64, "height", 64, "seed", 1));
    }

    @Test
    @Order(3)
    void optionsShowTheLoadedModelAndSwitchItThroughTheQueue() throws Exception {
        assertThat(modelOf(quickJob())).isEqualTo("tiny-fp32");
        assertThat(selected()).startsWith("tiny-fp32.safetensors [").endsWith("]");

        // a job queued first finishes on the old model before the switch answers
        String id = api.read(api.post("/sdapi/v2/jobs", Map.of("steps", 12, "width", 64, "height", 64)))
                .get("id").asText();
        HttpResponse<String> r = api.post("/sdapi/v1/options", Map.of("sd_model_checkpoint", "tiny-fp16"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("null");
        JsonNode job = api.read(api.get("/sdapi/v2/jobs/" + id));
        assertThat(job.get("state").asText()).isEqualTo("DONE");
        assertThat(modelOf(job.get("result"))).isEqualTo("tiny-fp32");

        assertThat(selected()).startsWith("tiny-fp16.safetensors [");
        assertThat(modelOf(quickJob())).isEqualTo("tiny-fp16");

        // a job's override_settings model is not the selection
        JsonNode overridden = api.ok("/sdapi/v1/txt2img", Map.of("steps", 1, "width", 64, "height", 64,
                "override_settings", Map.of("sd_model_checkpoint", "tiny-fp32")));
        assertThat(modelOf(overridden)).isEqualTo("tiny-fp32");
        assertThat(selected()).startsWith("tiny-fp16.safetensors [");
    }

    @Test
    @Order(4)
    void aFailedSwitchKeepsTheModelAndTheSetting() throws Exception {
        String before = selected();
        boolean sendSeed = api.read(api.get("/sdapi/v1/options")).get("send_seed").asBoolean();
        HttpResponse<String> broken = api.post("/sdapi/v1/options", Map.of("send_seed", !sendSeed,
                "sd_model_checkpoint", "broken.safetensors"));
        assertThat(broken.statusCode()).isEqualTo(400);
        assertThat(api.read(broken).get("detail").asText()).contains("broken");
        assertThat(selected()).isEqualTo(before);
        assertThat(api.read(api.get("/sdapi/v1/options")).get("send_seed").asBoolean()).as("nothing applied")
                .isEqualTo(sendSeed);
        assertThat(modelOf(quickJob())).isEqualTo(before.startsWith("tiny-fp16") ? "tiny-fp16" : "tiny-fp32");

        HttpResponse<String> unknown = api.post("/sdapi/v1/options", Map.of("sd_model_checkpoint", "nope"));
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(api.read(unknown).get("detail").asText()).isEqualTo("model 'nope' not found");
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void serverStopAnswersThenShutsDown() throws Exception {
        HttpResponse<String> r = api.post("/sdapi/v1/server-stop", "");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("Stopping.");
        for (int i = 0; i < 100 && app.context().isActive(); i++) {
            Thread.sleep(100);
        }
        assertThat(app.context().isActive()).isFalse();
    }
}
