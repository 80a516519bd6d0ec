package dev.sdwebui.api;

import static dev.sdwebui.testsupport.RunningApp.request;
import static dev.sdwebui.testsupport.RunningApp.send;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sdwebui.testsupport.RunningApp;
import dev.sdwebui.testsupport.SharedReference;
import java.net.http.HttpClient;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * GET /sdapi/v1/loras, POST /sdapi/v1/refresh-loras, GET /sdapi/v1/hypernetworks on a running server
 * with --lora-dir, the default LyCORIS back-compat folder and --hypernetwork-dir.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExtraNetworksApiTest {

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private Path data;
    private Path loras;
    private Path networks;
    private RunningApp app;

    @BeforeAll
    void start() throws Exception {
        networks = SharedReference.sharedDir().resolve("reference/lora-tiny/networks");
        data = Files.createTempDirectory("sdwebui-loras");
        loras = Files.createDirectories(data.resolve("my-loras/sub"));
        Files.copy(networks.resolve("tiny-lora.safetensors"), loras.resolve("tiny-lora.safetensors"));
        Path lyco = Files.createDirectories(data.resolve("models/LyCORIS"));
        Files.copy(networks.resolve("tiny-locon.safetensors"), lyco.resolve("tiny-locon.safetensors"));
        Path hn = Files.createDirectories(data.resolve("hn"));
        Files.createDirectories(hn.resolve("Sub"));
        Files.writeString(hn.resolve("b-net.pt"), "x");
        Files.writeString(hn.resolve("Sub/a-net.pt"), "x");
        Files.writeString(hn.resolve("None.pt"), "x");
        Files.writeString(hn.resolve("notes.txt"), "x");
        app = RunningApp.start(data, "http", "--api", "--lora-dir", data.resolve("my-loras").toString(),
                "--hypernetwork-dir", hn.toString());
    }

    @AfterAll
    void stop() {
        if (app != null) {
            app.close();
        }
    }

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> r = send(http, request(app.uri(path)).GET().build());
        assertThat(r.statusCode()).as(path).isEqualTo(200);
        return json.readTree(r.body());
    }

    private static List<String> names(JsonNode list) {
        List<String> out = new ArrayList<>();
        list.forEach(n -> out.add(n.get("name").asText()));
        return out;
    }

    @Test
    void lorasListsBothFoldersAndRefreshFindsNewFiles() throws Exception {
        JsonNode list = get("/sdapi/v1/loras");
        assertThat(names(list)).containsExactly("tiny-lora", "tiny-locon");
        JsonNode lora = list.get(0);
        assertThat(lora.get("alias").asText()).isEqualTo("tiny-lora");
        assertThat(lora.get("path").asText()).isEqualTo(loras.resolve("tiny-lora.safetensors").toString());
        assertThat(lora.get("metadata").get("ss_network_dim").asText()).isEqualTo("4");
        // a metadata value holding a JSON object is returned parsed (A1111 read_metadata_from_safetensors)
        JsonNode args = list.get(1).get("metadata").get("ss_network_args");
        assertThat(args.isObject()).isTrue();
        assertThat(args.get("algo").asText()).isEqualTo("locon");

        Files.copy(networks.resolve("tiny-loha.safetensors"), loras.resolve("tiny-loha.safetensors"));
        assertThat(names(get("/sdapi/v1/loras"))).doesNotContain("tiny-loha");
        HttpResponse<String> r = send(http, request(app.uri("/sdapi/v1/refresh-loras"))
                .POST(BodyPublishers.noBody()).build());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("null");
        assertThat(names(get("/sdapi/v1/loras"))).contains("tiny-loha");
    }

    @Test
    void hypernetworksListsPtFilesSortedByPath() throws Exception {
        JsonNode list = get("/sdapi/v1/hypernetworks");
        assertThat(names(list)).containsExactly("b-net", "a-net");
        assertThat(list.get(1).get("path").asText()).isEqualTo(data.resolve("hn/Sub/a-net.pt").toString());
    }
}
