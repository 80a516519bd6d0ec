package dev.sdwebui.web;

import static dev.sdwebui.testsupport.RunningApp.request;
import static dev.sdwebui.testsupport.RunningApp.send;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sdwebui.testsupport.RunningApp;
import dev.sdwebui.testsupport.SharedReference;
import java.net.http.HttpClient;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The UI's job status carries A1111's comments: an unknown LoRA gives "Lora not found: NAME" and the job runs. */
class JobCommentsTest {

    @Test
    void unknownLoraIsReportedUnderTheInfotext() throws Exception {
        Path ckpt = SharedReference.tinyDir().resolve("tiny-fp32.safetensors");
        Path data = Files.createTempDirectory("sdwebui-comments");
        ObjectMapper json = new ObjectMapper();
        java.net.CookieManager cookies = new java.net.CookieManager();
        HttpClient http = HttpClient.newBuilder().cookieHandler(cookies).build();
        try (RunningApp app = RunningApp.start(data, "http", "--ckpt", ckpt.toString())) {
            send(http, request(app.uri("/")).GET().build()); // the page sets the XSRF-TOKEN cookie
            String token = cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals("XSRF-TOKEN"))
                    .findFirst().orElseThrow().getValue();
            String body = "{\"prompt\":\"<lora:nope:1> a cat\",\"steps\":1,\"width\":64,\"height\":64,\"seed\":1}";
            JsonNode sub = json.readTree(send(http, request(app.uri("/internal/txt2img"))
                    .header("Content-Type", "application/json").header("X-XSRF-TOKEN", token).POST(BodyPublishers.ofString(body)).build()).body());
            String id = sub.get("id").asText();
            JsonNode st = null;
            for (int i = 0; i < 600; i++) {
                st = json.readTree(send(http, request(app.uri("/internal/jobs/" + id)).GET().build()).body());
                if (st.get("state").asText().equals("DONE") || st.get("state").asText().equals("FAILED")) {
                    break;
                }
                Thread.sleep(200);
            }
            assertThat(st.get("state").asText()).isEqualTo("DONE");
            assertThat(st.get("html").asText()).startsWith("Lora not found: nope\nTime taken: ");
            assertThat(st.get("infotexts").get(0).asText()).startsWith("<lora:nope:1> a cat\n");
        }
    }
}
