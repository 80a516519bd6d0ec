package dev.sdwebui.web;

import static dev.sdwebui.testsupport.RunningApp.request;
import static dev.sdwebui.testsupport.RunningApp.send;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sdwebui.testsupport.RunningApp;
import java.net.http.HttpClient;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** --nowebui: API only, no UI routes; with --freeze-settings and no checkpoint at all. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NoWebuiTest {

    private RunningApp app;
    private final HttpClient http = HttpClient.newHttpClient();
    private Path data;

    @BeforeAll
    void start() throws Exception {
        data = Files.createTempDirectory("sdwebui-nowebui");
        Files.createDirectories(data.resolve("outputs"));
        Files.writeString(data.resolve("outputs/a.txt"), "x");
        app = RunningApp.start(data, "http", "--nowebui", "--freeze-settings", "--no-download-sd-model");
    }

    @AfterAll
    void stop() {
        app.close();
    }

    private HttpResponse<String> get(String path) {
        return send(http, request(app.uri(path)).GET().build());
    }

    @Test
    void noUiRoutes() {
        HttpResponse<String> root = get("/");
        assertThat(root.statusCode()).as(root.body()).isEqualTo(404);
        assertThat(get("/login").statusCode()).isEqualTo(404);
        assertThat(get("/files/a.txt").statusCode()).isEqualTo(404);
    }

    @Test
    void apiIsMountedWithoutApiFlag() {
        HttpResponse<String> r = get("/sdapi/v1/cmd-flags");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("\"nowebui\":true").contains("\"api\":false");
        assertThat(get("/sdapi/v1/sd-models").body()).isEqualTo("[]");
    }

    @Test
    void frozenSettingsRefuseChanges() {
        HttpResponse<String> r = send(http, request(app.uri("/sdapi/v1/options")).header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString("{\"jpeg_quality\": 90}")).build());
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.body()).contains("changing settings is disabled");
        assertThat(Files.exists(data.resolve("config.json"))).isFalse();
    }
}
