package dev.sdwebui.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.sdwebui.model.registry.FirstStartDownload;
import dev.sdwebui.model.registry.ModelDownloader;
import dev.sdwebui.testsupport.RunningApp;
import dev.sdwebui.testsupport.SharedReference;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real application on first start: env-configured source, --no-download-sd-model, running while it fails. */
@Tag("slow")
class FirstStartDownloadAppTest {

    @TempDir
    Path data;

    private byte[] model;
    private String sha;
    private HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();

    @BeforeEach
    void serve() throws Exception {
        Path file = SharedReference.tinyDir().resolve("tiny-fp16.safetensors");
        model = Files.readAllBytes(file);
        sha = ModelDownloader.sha256(file);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/m", ex -> {
            requests.incrementAndGet();
            ex.sendResponseHeaders(200, model.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(model);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private Map<String, String> env(String expectedSha) {
        return Map.of("SDWEBUI_DEFAULT_MODEL_URL", "http://127.0.0.1:" + server.getAddress().getPort() + "/m",
                "SDWEBUI_DEFAULT_MODEL_SHA256", expectedSha);
    }

    private static FirstStartDownload.Status awaitEnd(RunningApp app) throws InterruptedException {
        FirstStartDownload d = app.context().getBean(FirstStartDownload.class);
        for (int i = 0; i < 600; i++) {
            FirstStartDownload.State s = d.status().state();
            if (s == FirstStartDownload.State.DONE || s == FirstStartDownload.State.FAILED) {
                return d.status();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("download did not finish: " + d.status());
    }

    @Test
    void downloadsTheDefaultModelAndListsIt() throws Exception {
        try (RunningApp app = RunningApp.start(data, "http", env(sha), "--api")) {
            assertThat(awaitEnd(app).state()).isEqualTo(FirstStartDownload.State.DONE);
            HttpResponse<String> r = RunningApp.send(HttpClient.newHttpClient(),
                    RunningApp.request(app.uri("/sdapi/v1/sd-models")).GET().build());
            assertThat(r.body()).contains("v1-5-pruned-emaonly.safetensors [" + sha.substring(0, 10) + "]");
            assertThat(data.resolve("models/Stable-diffusion/v1-5-pruned-emaonly.safetensors")).hasBinaryContent(model);
            HttpResponse<String> st = RunningApp.send(HttpClient.newHttpClient(),
                    RunningApp.request(app.uri("/sdapi/v2/default-model-download")).GET().build());
            assertThat(st.body()).contains("\"state\":\"DONE\"").contains("\"done\":" + model.length)
                    .contains("\"progress\":1.0");
        }
    }

    @Test
    void badHashKeepsTheServerRunningWithoutAModel() throws Exception {
        try (RunningApp app = RunningApp.start(data, "http", env("2".repeat(64)), "--api")) {
            FirstStartDownload.Status s = awaitEnd(app);
            assertThat(s.state()).isEqualTo(FirstStartDownload.State.FAILED);
            assertThat(s.message()).contains("sha256 mismatch");
            HttpResponse<String> r = RunningApp.send(HttpClient.newHttpClient(),
                    RunningApp.request(app.uri("/sdapi/v1/sd-models")).GET().build());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).isEqualTo("[]");
            HttpResponse<String> st = RunningApp.send(HttpClient.newHttpClient(),
                    RunningApp.request(app.uri("/sdapi/v2/default-model-download")).GET().build());
            assertThat(st.body()).contains("\"state\":\"FAILED\"").contains("sha256 mismatch");
        }
    }

    @Test
    void noDownloadFlagMakesNoRequest() throws Exception {
        try (RunningApp app = RunningApp.start(data, "http", env(sha), "--api", "--no-download-sd-model")) {
            Thread.sleep(1500);
            assertThat(requests.get()).isZero();
            assertThat(app.context().getBean(FirstStartDownload.class).status().state())
                    .isEqualTo(FirstStartDownload.State.NOT_NEEDED);
        }
    }
}
