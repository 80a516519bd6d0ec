package dev.sdwebui.api;

import static dev.sdwebui.testsupport.RunningApp.request;
import static dev.sdwebui.testsupport.RunningApp.send;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sdwebui.testsupport.RunningApp;
import java.net.http.HttpClient;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/** The open server (--api, no auth): data layout, API shell endpoints, file route, stop route. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ApiShellTest {

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private Path data;
    private RunningApp app;
    private final byte[] model = "not really a safetensors file".getBytes(StandardCharsets.UTF_8);

    @BeforeAll
    void start() throws Exception {
        data = Files.createTempDirectory("sdwebui-api");
        Files.createDirectories(data.resolve("models/Stable-diffusion/sub"));
        Files.write(data.resolve("models/Stable-diffusion/sub/fake.safetensors"), model);
        Files.writeString(data.resolve("styles.csv"), "name,prompt,negative_prompt\r\n"
                + "cinematic,\"{prompt}, film grain, 35mm\",\"blurry, \"\"bad\"\"\"\r\n", StandardCharsets.UTF_8);
        Files.createDirectories(data.resolve("outputs/txt2img-images"));
        Files.write(data.resolve("outputs/txt2img-images/00001.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G'});
        Files.writeString(data.resolve("outputs/.secret.png"), "x");
        Files.writeString(data.resolve("config.json"), "{\"some_extension_key\": 5, \"samples_format\": \"png\"}");
        Files.createSymbolicLink(data.resolve("outputs/escape.txt"), Path.of("/etc/hostname"));
        Files.createDirectories(data.resolve("extensions/my-ext/.git"));
        Files.writeString(data.resolve("extensions/my-ext/.git/HEAD"), "ref: refs/heads/main\n");
        app = RunningApp.start(data, "http", "--api", "--add-stop-route", "--api-log");
    }

    @AfterAll
    void stop() {
        app.close();
    }

    private HttpResponse<String> get(String path) {
        return send(http, request(app.uri(path)).GET().build());
    }

    private HttpResponse<String> postJson(String path, String body) {
        return send(http, request(app.uri(path)).header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString(body)).build());
    }

    @Test
    void dataDirLayoutIsCreated() {
        for (String d : new String[] {"models/Stable-diffusion", "models/VAE", "models/Lora", "models/hypernetworks",
                "embeddings", "models/ESRGAN", "models/RealESRGAN", "models/GFPGAN", "outputs", "extensions"}) {
            assertThat(data.resolve(d)).as(d).isDirectory();
        }
    }

    @Test
    void sdModelsListsTitleAndHashes() throws Exception {
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(model));
        JsonNode m = null;
        for (int i = 0; i < 100; i++) { // hashing runs in the background after start-up
            m = json.readTree(get("/sdapi/v1/sd-models").body()).get(0);
            if (!m.get("sha256").isNull()) {
                break;
            }
            Thread.sleep(100);
        }
        assertThat(m.get("sha256").asText()).isEqualTo(sha);
        assertThat(m.get("hash").asText()).isEqualTo(sha.substring(0, 10));
        assertThat(m.get("title").asText()).isEqualTo("sub/fake.safetensors [" + sha.substring(0, 10) + "]");
        assertThat(m.get("model_name").asText()).isEqualTo("sub_fake");
        assertThat(m.get("filename").asText()).endsWith("sub/fake.safetensors");
        assertThat(m.has("config")).isTrue();
        assertThat(Files.readString(data.resolve("cache.json"))).contains("checkpoint/sub/fake.safetensors").contains(sha);
        assertThat(postJson("/sdapi/v1/refresh-checkpoints", "").statusCode()).isEqualTo(200);
        assertThat(json.readTree(get("/sdapi/v1/sd-vae").body()).isArray()).isTrue();
    }

    @Test
    void cmdFlagsAreSnakeCase() throws Exception {
        JsonNode f = json.readTree(get("/sdapi/v1/cmd-flags").body());
        assertThat(f.get("api").asBoolean()).isTrue();
        assertThat(f.get("add_stop_route").asBoolean()).isTrue();
        assertThat(f.get("nowebui").asBoolean()).isFalse();
        assertThat(f.get("data_dir").asText()).isEqualTo(data.toString());
        assertThat(f.get("use_cpu").isArray()).isTrue();
    }

    @Test
    void optionsRoundTripIntoConfigJson() throws Exception {
        HttpResponse<String> r = postJson("/sdapi/v1/options",
                "{\"samples_format\": \"jpg\", \"eta_ancestral\": 0.5, \"CLIP_stop_at_last_layers\": 2}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("null");
        JsonNode o = json.readTree(get("/sdapi/v1/options").body());
        assertThat(o.get("samples_format").asText()).isEqualTo("jpg");
        assertThat(o.get("eta_ancestral").asDouble()).isEqualTo(0.5);
        assertThat(o.get("CLIP_stop_at_last_layers").asInt()).isEqualTo(2);
        assertThat(o.get("sd_model_checkpoint").asText()).startsWith("sub/fake.safetensors");
        assertThat(o.get("some_extension_key").asInt()).as("unknown keys of config.json survive").isEqualTo(5);
        assertThat(o.get("randn_source").asText()).isEqualTo("GPU");
        String file = Files.readString(data.resolve("config.json"));
        assertThat(file).contains("\n    \"samples_format\": \"jpg\",").contains("\"eta_ancestral\": 0.5");
        JsonNode onDisk = json.readTree(file);
        assertThat(onDisk.get("CLIP_stop_at_last_layers").asInt()).isEqualTo(2);
        assertThat(onDisk.has("quicksettings_list")).as("A1111 writes every key").isTrue();
    }

    @Test
    void optionsRejectUnknownKeysAndWrongTypes() throws Exception {
        HttpResponse<String> unknown = postJson("/sdapi/v1/options", "{\"no_such_setting\": 1, \"samples_format\": \"webp\"}");
        assertThat(unknown.statusCode()).isEqualTo(400);
        JsonNode e = json.readTree(unknown.body());
        assertThat(e.get("error").asText()).isEqualTo("HTTPException");
        assertThat(e.get("detail").asText()).contains("no_such_setting");
        assertThat(e.has("body")).isTrue();
        assertThat(e.get("errors").asText()).startsWith("400: ");
        assertThat(json.readTree(get("/sdapi/v1/options").body()).get("samples_format").asText())
                .as("nothing applied").isNotEqualTo("webp");
        assertThat(postJson("/sdapi/v1/options", "{\"jpeg_quality\": \"high\"}").statusCode()).isEqualTo(400);
        assertThat(postJson("/sdapi/v1/options", "{\"samples_save\": 1}").statusCode()).isEqualTo(400);
        HttpResponse<String> missing = postJson("/sdapi/v1/options", "{\"sd_model_checkpoint\": \"missing.safetensors\"}");
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(json.readTree(missing.body()).get("detail").asText()).isEqualTo("model 'missing.safetensors' not found");
        HttpResponse<String> fake = postJson("/sdapi/v1/options", "{\"sd_model_checkpoint\": \"sub_fake\"}");
        assertThat(fake.statusCode()).as("the fake file cannot be loaded").isEqualTo(400);
        assertThat(json.readTree(fake.body()).get("detail").asText()).contains("Cannot load checkpoint sub/fake");
        HttpResponse<String> reload = postJson("/sdapi/v1/reload-checkpoint", "");
        assertThat(reload.statusCode()).isEqualTo(400);
        assertThat(json.readTree(reload.body()).get("detail").asText()).contains("Cannot load checkpoint sub/fake");
        assertThat(postJson("/sdapi/v1/options", "{not json").statusCode()).isEqualTo(422);
    }

    @Test
    void errorsHaveA1111Shape() throws Exception {
        HttpResponse<String> r = get("/sdapi/v1/no-such-endpoint");
        assertThat(r.statusCode()).isEqualTo(404);
        JsonNode e = json.readTree(r.body());
        assertThat(e.fieldNames()).toIterable().containsExactly("error", "detail", "body", "errors");
        assertThat(e.get("detail").asText()).isEqualTo("Not Found");
        HttpResponse<String> kill = postJson("/sdapi/v1/server-kill", "");
        assertThat(kill.statusCode()).as("no --api-server-stop").isEqualTo(403);
        assertThat(json.readTree(kill.body()).get("detail").asText()).contains("--api-server-stop");
        assertThat(app.context().isActive()).isTrue();
        HttpResponse<String> m = get("/sdapi/v1/refresh-checkpoints");
        assertThat(m.statusCode()).isEqualTo(405);
        assertThat(json.readTree(m.body()).get("error").asText()).isEqualTo("HTTPException");
    }

    @Test
    void promptStylesMemoryAndExtensions() throws Exception {
        JsonNode s = json.readTree(get("/sdapi/v1/prompt-styles").body()).get(0);
        assertThat(s.get("name").asText()).isEqualTo("cinematic");
        assertThat(s.get("prompt").asText()).isEqualTo("{prompt}, film grain, 35mm");
        assertThat(s.get("negative_prompt").asText()).isEqualTo("blurry, \"bad\"");
        JsonNode mem = json.readTree(get("/sdapi/v1/memory").body());
        assertThat(mem.get("ram").get("total").asDouble()).isGreaterThan(mem.get("ram").get("used").asDouble()).isPositive();
        assertThat(mem.get("cuda").has("error")).isTrue();
        assertThat(mem.get("device").get("batch_cond_uncond").asBoolean()).isTrue();
        JsonNode ext = json.readTree(get("/sdapi/v1/extensions").body()).get(0);
        assertThat(ext.get("name").asText()).isEqualTo("my-ext");
        assertThat(ext.get("branch").asText()).isEqualTo("main");
    }

    @Test
    void shellPageHasA1111Tabs() {
        HttpResponse<String> r = get("/");
        assertThat(r.statusCode()).isEqualTo(200);
        for (String tab : new String[] {"txt2img", "img2img", "Extras", "PNG Info", "Checkpoint Merger", "Train", "Settings", "Extensions"}) {
            assertThat(r.body()).contains(">" + tab + "<");
        }
        assertThat(r.body()).contains("sub/fake.safetensors").contains("id=\"sd_model_checkpoint\"");
        assertThat(get("/css/app.css").statusCode()).isEqualTo(200);
        assertThat(get("/js/app.js").statusCode()).isEqualTo(200);
        assertThat(get("/docs").statusCode()).isIn(200, 302);
        assertThat(get("/openapi.json").body()).contains("/sdapi/v1/sd-models");
    }

    @Test
    void fileRouteServesOnlyOutputs() {
        assertThat(get("/files/txt2img-images/00001.png").statusCode()).isEqualTo(200);
        assertThat(get("/files/txt2img-images/00001.png").headers().firstValue("Content-Type")).hasValue("image/png");
        assertThat(get("/file=" + data.resolve("outputs/txt2img-images/00001.png")).statusCode()).isEqualTo(200);
        assertThat(get("/file=outputs/txt2img-images/00001.png").statusCode()).isEqualTo(200);
        assertThat(get("/file=/etc/passwd").statusCode()).isEqualTo(404);
        assertThat(get("/file=config.json").statusCode()).isEqualTo(404);
        assertThat(get("/file=" + data.resolve("config.json")).statusCode()).isEqualTo(404);
        assertThat(get("/files/.secret.png").statusCode()).isEqualTo(404);
        assertThat(get("/files/escape.txt").statusCode()).as("symlink out of outputs").isEqualTo(404);
        assertThat(get("/files/txt2img-images").statusCode()).as("directory").isEqualTo(404);
        assertThat(get("/files/%2e%2e/config.json").statusCode()).isIn(400, 404);
        assertThat(get("/file=outputs/%2e%2e/config.json").statusCode()).isIn(400, 404);
        assertThat(get("/files/..%2fconfig.json").statusCode()).isIn(400, 404);
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void stopRouteShutsDown() throws Exception {
        HttpResponse<String> r = send(http, request(app.uri("/_stop")).POST(BodyPublishers.noBody()).build());
        assertThat(r.statusCode()).isEqualTo(200);
        for (int i = 0; i < 100 && app.context().isActive(); i++) {
            Thread.sleep(100);
        }
        assertThat(app.context().isActive()).isFalse();
    }
}
