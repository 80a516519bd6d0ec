package dev.sdwebui.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sdwebui.model.io.HalfFloat;
import dev.sdwebui.model.io.TensorFile;
import dev.sdwebui.model.registry.ModelDownloader;
import dev.sdwebui.testsupport.RunningApp;
import dev.sdwebui.testsupport.SharedReference;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** POST /sdapi/v2/checkpoint-merger on the real tiny checkpoints: file, hash, list refresh, loadable result. */
@Tag("slow")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CheckpointMergerApiTest {

    private RunningApp app;
    private ApiClient api;
    private Path models;

    @BeforeAll
    void start() throws Exception {
        Path data = Files.createTempDirectory("sdwebui-merge");
        models = data.resolve("models/Stable-diffusion");
        Files.createDirectories(models);
        Files.copy(SharedReference.tinyDir().resolve("tiny-fp32.safetensors"), models.resolve("tiny-fp32.safetensors"));
        Files.copy(SharedReference.tinyDir().resolve("tiny-fp16.safetensors"), models.resolve("tiny-fp16.safetensors"));
        app = RunningApp.start(data, "http", "--api");
        api = new ApiClient(app);
    }

    @AfterAll
    void stop() {
        app.close();
    }

    @Test
    void weightedSumWritesTheFormulaAndTheListShowsIt() throws Exception {
        JsonNode r = api.ok("/sdapi/v2/checkpoint-merger", Map.of("primary_model_name", "tiny-fp32",
                "secondary_model_name", "tiny-fp16.safetensors", "interp_method", "Weighted sum", "multiplier", 0.25,
                "custom_name", "merged"));
        Path out = models.resolve("merged.safetensors");
        assertThat(r.get("name").asText()).isEqualTo("merged.safetensors");
        assertThat(r.get("sha256").asText()).isEqualTo(ModelDownloader.sha256(out));
        assertThat(r.get("title").asText()).isEqualTo("merged.safetensors [" + r.get("sha256").asText().substring(0, 10) + "]");
        assertThat(r.get("info").asText()).isEqualTo("Checkpoint saved to " + out);
        assertThat(api.get("/sdapi/v1/sd-models").body()).contains(r.get("title").asText());

        try (TensorFile a = TensorFile.open(models.resolve("tiny-fp32.safetensors"));
             TensorFile b = TensorFile.open(models.resolve("tiny-fp16.safetensors"));
             TensorFile m = TensorFile.open(out)) {
            assertThat(m.keys()).isEqualTo(a.keys());
            int checked = 0;
            for (String k : a.keys()) {
                long n = 1;
                for (long d : a.shape(k)) {
                    n *= d;
                }
                double[] va = new double[(int) n];
                double[] vb = new double[(int) n];
                double[] vm = new double[(int) n];
                a.read(k, 0, va, va.length);
                m.read(k, 0, vm, vm.length);
                boolean merged = k.contains("model") && b.contains(k) && !k.endsWith("embeddings.position_ids");
                if (!merged) {
                    assertThat(java.util.Arrays.equals(vm, va)).as(k + " copied from A").isTrue();
                    continue;
                }
                b.read(k, 0, vb, vb.length);
                for (int i = 0; i < n; i++) {
                    // torch: 0.25 * (an fp16 tensor) is an fp16 tensor, then fp32 + fp16 -> fp32
                    float bTerm = 0.25f * (float) vb[i];
                    if (b.dtype(k) == dev.sdwebui.model.io.StoredDType.F16) {
                        bTerm = HalfFloat.toFloat(HalfFloat.fromFloat(bTerm));
                    }
                    float expected = 0.75f * (float) va[i] + bTerm;
                    if ((float) vm[i] != expected) {
                        throw new AssertionError(k + "[" + i + "]: " + vm[i] + " != " + expected);
                    }
                }
                checked++;
            }
            assertThat(checked).isGreaterThan(100);
            assertThat(m.metadata()).containsKeys("sd_merge_recipe", "sd_merge_models").containsEntry("format", "pt");
        }

        JsonNode img = api.ok("/sdapi/v1/txt2img", Map.of("prompt", "a cat", "steps", 1, "width", 64, "height", 64,
                "override_settings", Map.of("sd_model_checkpoint", "merged.safetensors")));
        assertThat(img.get("info").asText()).contains("merged");
    }

    @Test
    void badInputIsA4xxWithAMessage() {
        HttpResponse<String> missing = api.post("/sdapi/v2/checkpoint-merger",
                Map.of("primary_model_name", "nope", "secondary_model_name", "tiny-fp16"));
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).contains("checkpoint not found: nope");
        HttpResponse<String> noB = api.post("/sdapi/v2/checkpoint-merger", Map.of("primary_model_name", "tiny-fp32"));
        assertThat(noB.statusCode()).isEqualTo(400);
        assertThat(noB.body()).contains("Failed: Merging requires a secondary model.");
        HttpResponse<String> method = api.post("/sdapi/v2/checkpoint-merger",
                Map.of("primary_model_name", "tiny-fp32", "interp_method", "Sum"));
        assertThat(method.statusCode()).isEqualTo(400);
        assertThat(method.body()).contains("interp_method must be one of");
        HttpResponse<String> ckpt = api.post("/sdapi/v2/checkpoint-merger", Map.of("primary_model_name", "tiny-fp32",
                "interp_method", "No interpolation", "checkpoint_format", "ckpt"));
        assertThat(ckpt.statusCode()).isEqualTo(400);
        assertThat(ckpt.body()).contains("safetensors only");
        assertThat(api.post("/sdapi/v2/checkpoint-merger", "{not json").statusCode()).isEqualTo(400);
    }
}
