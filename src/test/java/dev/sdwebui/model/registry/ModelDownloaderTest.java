package dev.sdwebui.model.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
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
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The download against a local HTTP server on 127.0.0.1 serving the tiny reference checkpoint. */
class ModelDownloaderTest {

    @TempDir
    Path tmp;

    private byte[] model;
    private String sha;
    private HttpServer server;
    /** Range headers seen, "-" for none. */
    private final List<String> ranges = new CopyOnWriteArrayList<>();
    /** Requests that are cut after half of the bytes (counts down). */
    private final AtomicInteger cuts = new AtomicInteger();
    /** Requests that send half of the bytes and then go silent (counts down). */
    private final AtomicInteger stalls = new AtomicInteger();

    @BeforeEach
    void serve() throws IOException {
        Path file = SharedReference.tinyDir().resolve("tiny-fp16.safetensors");
        model = Files.readAllBytes(file);
        sha = ModelDownloader.sha256(file);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/model.safetensors", this::handle);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    /** Serves the file, honouring "Range: bytes=N-" with 206; a pending cut sends half then drops the socket. */
    private void handle(HttpExchange ex) throws IOException {
        String range = ex.getRequestHeaders().getFirst("Range");
        ranges.add(range == null ? "-" : range);
        int from = range == null ? 0 : Integer.parseInt(range.replaceAll("bytes=(\\d+)-", "$1"));
        byte[] body = Arrays.copyOfRange(model, from, model.length);
        ex.sendResponseHeaders(range == null ? 200 : 206, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            if (cuts.getAndDecrement() > 0) {
                out.write(body, 0, body.length / 2);
                out.flush();
                throw new IOException("cut"); // the server aborts the connection mid-body
            }
            if (stalls.getAndDecrement() > 0) {
                out.write(body, 0, body.length / 2);
                out.flush();
                sleep(4000);
                throw new IOException("stalled");
            }
            out.write(body);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/model.safetensors");
    }

    @Test
    void downloadsVerifiesAndRenames() throws Exception {
        Path target = tmp.resolve("models/v1-5.safetensors");
        long[] last = {0, 0};
        new ModelDownloader(Duration.ofSeconds(5), 1).download(url(), target, sha.toUpperCase(), (d, t) -> {
            last[0] = d;
            last[1] = t;
        });
        assertThat(Files.readAllBytes(target)).isEqualTo(model);
        assertThat(ModelDownloader.temporaryFile(target)).doesNotExist();
        assertThat(last).containsExactly(model.length, model.length);
        assertThat(ranges).containsExactly("-");
    }

    @Test
    void resumesWithRangeAfterACutConnection() throws Exception {
        cuts.set(1);
        Path target = tmp.resolve("m.safetensors");
        new ModelDownloader(Duration.ofSeconds(5), 3).download(url(), target, sha, (d, t) -> { });
        assertThat(Files.readAllBytes(target)).isEqualTo(model);
        assertThat(ranges).hasSize(2);
        assertThat(ranges.get(0)).isEqualTo("-");
        long resumedFrom = Long.parseLong(ranges.get(1).replaceAll("bytes=(\\d+)-", "$1"));
        assertThat(resumedFrom).as("second request continues where the first stopped").isPositive().isLessThan(model.length);
    }

    @Test
    void aStalledTransferIsDroppedAndResumed() throws Exception {
        stalls.set(1);
        Path target = tmp.resolve("m.safetensors");
        new ModelDownloader(Duration.ofSeconds(1), 2).download(url(), target, sha, (d, t) -> { });
        assertThat(Files.readAllBytes(target)).isEqualTo(model);
        assertThat(ranges).hasSize(2);
        assertThat(ranges.get(1)).startsWith("bytes=");
    }

    @Test
    void resumesALeftoverTemporaryFileAcrossRestarts() throws Exception {
        Path target = tmp.resolve("m.safetensors");
        Files.write(ModelDownloader.temporaryFile(target), Arrays.copyOf(model, 1000));
        new ModelDownloader(Duration.ofSeconds(5), 1).download(url(), target, sha, (d, t) -> { });
        assertThat(Files.readAllBytes(target)).isEqualTo(model);
        assertThat(ranges).containsExactly("bytes=1000-");
    }

    @Test
    void refusesABadSha256AndKeepsNothing() {
        Path target = tmp.resolve("m.safetensors");
        String wrong = "0".repeat(64);
        assertThatThrownBy(() -> new ModelDownloader(Duration.ofSeconds(5), 1).download(url(), target, wrong, (d, t) -> { }))
                .isInstanceOf(IOException.class).hasMessageContaining("sha256 mismatch")
                .hasMessageContaining(wrong).hasMessageContaining(sha);
        assertThat(target).doesNotExist();
        assertThat(ModelDownloader.temporaryFile(target)).doesNotExist();
    }

    @Test
    void offlineFailsWithoutCreatingTheModel() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        Path target = tmp.resolve("m.safetensors");
        URI nowhere = URI.create("http://127.0.0.1:" + closed + "/model.safetensors");
        assertThatThrownBy(() -> new ModelDownloader(Duration.ofSeconds(2), 2).download(nowhere, target, sha, (d, t) -> { }))
                .isInstanceOf(java.net.ConnectException.class);
        assertThat(target).doesNotExist();
    }

    @Test
    void httpErrorIsReportedWithItsStatus() {
        Path target = tmp.resolve("m.safetensors");
        URI missing = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/nothing");
        assertThatThrownBy(() -> new ModelDownloader(Duration.ofSeconds(5), 3).download(missing, target, sha, (d, t) -> { }))
                .hasMessageContaining("HTTP 404");
        assertThat(target).doesNotExist();
    }
}
