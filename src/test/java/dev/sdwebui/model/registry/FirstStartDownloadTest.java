package dev.sdwebui.model.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.sdwebui.testsupport.SharedReference;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** First start: the default model lands in models/Stable-diffusion and the registry lists it, or a clear failure. */
class FirstStartDownloadTest {

    @TempDir
    Path tmp;

    private byte[] model;
    private String sha;
    private HttpServer server;

    @BeforeEach
    void serve() throws IOException {
        Path file = SharedReference.tinyDir().resolve("tiny-fp16.safetensors");
        model = Files.readAllBytes(file);
        sha = ModelDownloader.sha256(file);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/m", ex -> {
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

    private FirstStartDownload download(URI url, String expected, CheckpointRegistry reg, HashCache cache) {
        return new FirstStartDownload(reg, new DefaultModelSource(url, expected, "v1-5-pruned-emaonly.safetensors"),
                tmp.resolve("models/Stable-diffusion"), new ModelDownloader(Duration.ofSeconds(2), 2), cache);
    }

    private CheckpointRegistry registry(HashCache cache) {
        CheckpointRegistry r = new CheckpointRegistry(List.of(tmp.resolve("models/Stable-diffusion")), null, cache,
                true, () -> null);
        r.refresh();
        return r;
    }

    @Test
    void downloadsIntoTheCheckpointFolderAndTheRegistryListsItWithItsHash() throws Exception {
        HashCache cache = new HashCache(tmp.resolve("cache.json"));
        CheckpointRegistry reg = registry(cache);
        URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/m");
        FirstStartDownload d = download(url, sha, reg, cache);
        assertThat(d.needed()).isTrue();

        FirstStartDownload.Status s = d.run();

        assertThat(s.state()).isEqualTo(FirstStartDownload.State.DONE);
        assertThat(s.done()).isEqualTo(model.length);
        assertThat(d.needed()).isFalse();
        CheckpointInfo c = reg.list().get(0);
        assertThat(c.name()).isEqualTo("v1-5-pruned-emaonly.safetensors");
        assertThat(c.sha256()).as("verified hash recorded in cache.json, no re-hash").isEqualTo(sha);
        assertThat(Files.readAllBytes(c.filename())).isEqualTo(model);
    }

    @Test
    void badHashLeavesNoModelAndSaysWhy() throws Exception {
        HashCache cache = new HashCache(tmp.resolve("cache.json"));
        CheckpointRegistry reg = registry(cache);
        URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/m");
        FirstStartDownload.Status s = download(url, "1".repeat(64), reg, cache).run();
        assertThat(s.state()).isEqualTo(FirstStartDownload.State.FAILED);
        assertThat(s.message()).contains("sha256 mismatch").contains("runs without a model");
        assertThat(reg.refresh()).isEmpty();
        try (var files = Files.list(tmp.resolve("models/Stable-diffusion"))) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void offlineSaysNetworkUnavailable() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        HashCache cache = new HashCache(tmp.resolve("cache.json"));
        CheckpointRegistry reg = registry(cache);
        FirstStartDownload.Status s = download(URI.create("http://127.0.0.1:" + closed + "/m"), sha, reg, cache).run();
        assertThat(s.state()).isEqualTo(FirstStartDownload.State.FAILED);
        assertThat(s.message()).contains("network unavailable").contains("runs without a model");
        assertThat(reg.list()).isEmpty();
    }

    @Test
    void progressBarText() {
        assertThat(FirstStartDownload.bar(50, 100)).isEqualTo("[###############...............]  50% 0.0/0.0 MB");
        assertThat(FirstStartDownload.bar(3_000_000, -1)).isEqualTo("3.0 MB");
    }
}
