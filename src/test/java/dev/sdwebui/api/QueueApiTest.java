package dev.sdwebui.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sdwebui.pipeline.GenerationRequest;
import dev.sdwebui.pipeline.Txt2ImgPipeline;
import dev.sdwebui.queue.JobFailedException;
import dev.sdwebui.queue.JobQueue;
import dev.sdwebui.testsupport.RunningApp;
import dev.sdwebui.testsupport.SharedReference;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The queue through the API: concurrency, interrupt, skip, failures, v2 jobs with SSE, progress. */
@Tag("slow")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QueueApiTest {

    private RunningApp app;
    private ApiClient api;

    @BeforeAll
    void start() throws Exception {
        Path data = Files.createTempDirectory("sdwebui-queue");
        app = RunningApp.start(data, "http", "--api", "--ckpt",
                SharedReference.tinyDir().resolve("tiny-fp32.safetensors").toString(), "--disable-console-progressbars");
        api = new ApiClient(app);
    }

    @AfterAll
    void stop() {
        app.close();
    }

    private static Map<String, Object> small(long seed, int steps) {
        Map<String, Object> b = new HashMap<>(Map.of("prompt", "a cat", "seed", seed, "steps", steps, "width", 64,
                "height", 64, "sampler_name", "Euler a"));
        return b;
    }

    @Test
    void fiftyConcurrentRequestsAllCompleteAndMatchTheirSeeds() throws Exception {
        Map<Long, String> sequential = new HashMap<>();
        for (long seed = 100; seed < 105; seed++) {
            sequential.put(seed, api.ok("/sdapi/v1/txt2img", small(seed, 2)).get("images").get(0).asText());
        }
        List<CompletableFuture<HttpResponse<String>>> futures = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            String body = api.json.writeValueAsString(small(100 + i % 5, 2));
            HttpRequest req = RunningApp.request(app.uri("/sdapi/v1/txt2img")).timeout(Duration.ofMinutes(10))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
            futures.add(api.http.sendAsync(req, HttpResponse.BodyHandlers.ofString()));
        }
        for (int i = 0; i < 50; i++) {
            HttpResponse<String> r = futures.get(i).get();
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            JsonNode res = api.read(r);
            long seed = 100 + i % 5;
            assertThat(api.json.readTree(res.get("info").asText()).get("seed").asLong()).isEqualTo(seed);
            assertThat(res.get("images").get(0).asText()).as("request " + i).isEqualTo(sequential.get(seed));
        }
    }

    private String submitV2(Map<String, Object> body) {
        HttpResponse<String> r = api.post("/sdapi/v2/jobs", body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        return api.read(r).get("id").asText();
    }

    private JsonNode job(String id) {
        return api.read(api.get("/sdapi/v2/jobs/" + enc(id)));
    }

    private static String enc(String id) {
        return java.net.URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private JsonNode await(String id, Predicate<JsonNode> until) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode j = job(id);
            if (until.test(j)) {
                return j;
            }
            Thread.sleep(50);
        }
        return Assertions.fail("timed out waiting on " + id + ": " + job(id));
    }

    @Test
    void interruptStopsTheRunningJobWithItsImage() throws Exception {
        String id = submitV2(small(1, 2000));
        JsonNode running = await(id, j -> j.get("state").asText().equals("RUNNING")
                && j.get("progress").get("state").get("sampling_step").asInt() >= 2);
        assertThat(running.get("progress").get("state").get("sampling_steps").asInt()).isEqualTo(2000);
        JsonNode progress = api.read(api.get("/sdapi/v1/progress?skip_current_image=true"));
        assertThat(progress.get("current_task").asText()).isEqualTo(id);
        assertThat(progress.get("progress").asDouble()).isGreaterThan(0).isLessThan(1);
        assertThat(progress.get("state").get("job_count").asInt()).isEqualTo(1);
        assertThat(api.post("/sdapi/v1/interrupt", "").statusCode()).isEqualTo(200);
        JsonNode done = await(id, j -> j.get("state").asText().equals("DONE"));
        assertThat(done.get("interrupted").asBoolean()).isTrue();
        assertThat(done.get("result").get("images")).hasSize(1);
        assertThat(api.ok("/sdapi/v1/txt2img", small(3, 1)).get("images")).hasSize(1); // worker still fine
    }

    @Test
    void skipEndsOnlyTheCurrentBatch() throws Exception {
        Map<String, Object> body = small(1, 2000);
        body.put("n_iter", 2);
        String id = submitV2(body);
        await(id, j -> j.get("state").asText().equals("RUNNING")
                && j.get("progress").get("state").get("sampling_step").asInt() >= 2);
        assertThat(api.post("/sdapi/v1/skip", "").statusCode()).isEqualTo(200);
        JsonNode second = await(id, j -> j.get("progress").get("state").get("job_no").asInt() >= 1);
        assertThat(second.get("state").asText()).isEqualTo("RUNNING");
        assertThat(api.post("/sdapi/v1/interrupt", "").statusCode()).isEqualTo(200);
        JsonNode done = await(id, j -> j.get("state").asText().equals("DONE"));
        assertThat(done.get("result").get("images")).hasSize(2);
    }

    @Test
    void failingJobLeavesTheWorkerHealthy() throws Exception {
        JobQueue queue = app.context().getBean(JobQueue.class);
        Txt2ImgPipeline pipeline = app.context().getBean(Txt2ImgPipeline.class);
        var bad = GenerationRequest.simple("x", 1, "Euler", 2, 65, 64); // bypasses the API's 400
        Assertions.assertThatThrownBy(() -> queue.submit(pipeline.job(bad)).await())
                .isInstanceOfAny(IllegalArgumentException.class, JobFailedException.class)
                .hasMessageContaining("multiples of 8");
        assertThat(api.ok("/sdapi/v1/txt2img", small(5, 2)).get("images")).hasSize(1);
    }

    @Test
    void v2LifecycleWithServerSentEvents() throws Exception {
        Map<String, Object> body = small(9, 6);
        body.put("override_settings", Map.of("show_progress_every_n_steps", 1, "show_progress_type", "Approx cheap"));
        String id = submitV2(body);
        HttpRequest req = RunningApp.request(app.uri("/sdapi/v2/jobs/" + enc(id) + "/events"))
                .timeout(Duration.ofMinutes(4)).GET().build();
        HttpResponse<InputStream> sse = api.http.send(req, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(sse.statusCode()).isEqualTo(200);
        assertThat(sse.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        List<String> events = new ArrayList<>();
        boolean sawImage = false;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(sse.body(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                if (line.startsWith("event:")) {
                    events.add(line.substring(6).trim());
                }
                if (line.startsWith("data:") && line.contains("\"current_image\":\"")) {
                    sawImage = true;
                }
            }
        }
        assertThat(events.get(events.size() - 1)).isEqualTo("done");
        assertThat(events).contains("progress");
        assertThat(sawImage).as("a live preview in the stream").isTrue();
        JsonNode done = job(id);
        assertThat(done.get("state").asText()).isEqualTo("DONE");
        assertThat(done.get("result").get("images")).hasSize(1);
        assertThat(done.get("result").get("parameters").get("seed").asLong()).isEqualTo(9);
        assertThat(api.read(api.delete("/sdapi/v2/jobs/" + enc(id))).get("outcome").asText()).isEqualTo("ALREADY_FINISHED");
        assertThat(api.get("/sdapi/v2/jobs/nope").statusCode()).isEqualTo(404);
    }

    @Test
    void cancelAQueuedJob() throws Exception {
        String first = submitV2(small(1, 2000));
        String second = submitV2(small(2, 2));
        assertThat(job(second).get("queue_position").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(api.read(api.delete("/sdapi/v2/jobs/" + enc(second))).get("outcome").asText()).isEqualTo("CANCELLED");
        assertThat(job(second).get("state").asText()).isEqualTo("CANCELLED");
        await(first, j -> j.get("state").asText().equals("RUNNING"));
        assertThat(api.read(api.delete("/sdapi/v2/jobs/" + enc(first))).get("outcome").asText()).isEqualTo("STOPPING");
        assertThat(await(first, j -> j.get("state").asText().equals("CANCELLED")).get("interrupted").asBoolean()).isTrue();
    }

    @Test
    void idleProgressHasTheA1111Shape() {
        JsonNode p = api.read(api.get("/sdapi/v1/progress"));
        assertThat(p.fieldNames()).toIterable().containsExactly("progress", "eta_relative", "state", "current_image",
                "textinfo", "current_task");
        assertThat(p.get("state").fieldNames()).toIterable().containsExactly("skipped", "interrupted",
                "stopping_generation", "job", "job_count", "job_timestamp", "job_no", "sampling_step", "sampling_steps");
    }
}
