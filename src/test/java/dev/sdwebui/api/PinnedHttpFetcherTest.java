package dev.sdwebui.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pinned fetcher against local servers on 127.0.0.1. Loopback is refused by the real address policy, so most
 * tests inject a policy under which 127.0.0.1 stands for "a public address" and 127.0.0.2 for a private one.
 */
class PinnedHttpFetcherTest {

    static final byte[] BIG = new byte[5000];
    static HttpServer good;
    static HttpServer evil;
    static final AtomicInteger evilHits = new AtomicInteger();
    static final AtomicInteger goodHits = new AtomicInteger();
    static int port;
    static InetAddress publicStandIn;
    static InetAddress privateStandIn;

    @BeforeAll
    static void start() throws Exception {
        publicStandIn = InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
        privateStandIn = InetAddress.getByAddress(new byte[] {127, 0, 0, 2});
        good = HttpServer.create(new InetSocketAddress(publicStandIn, 0), 0);
        port = good.getAddress().getPort();
        good.createContext("/who", ex -> answer(ex, 200, "good".getBytes(), false));
        good.createContext("/chunked", ex -> answer(ex, 200, "chunked body".repeat(1000).getBytes(), true));
        good.createContext("/big", ex -> answer(ex, 200, BIG, false));
        good.createContext("/bigchunked", ex -> answer(ex, 200, BIG, true));
        good.createContext("/redirect", ex -> {
            ex.getResponseHeaders().add("Location", "http://10.0.0.1/secret.png");
            answer(ex, 302, new byte[0], false);
        });
        good.createContext("/missing", ex -> answer(ex, 404, "no".getBytes(), false));
        good.start();
        // The rebinding attacker's server: same port on another address.
        evil = HttpServer.create(new InetSocketAddress(privateStandIn, port), 0);
        evil.createContext("/", ex -> {
            evilHits.incrementAndGet();
            answer(ex, 200, "evil".getBytes(), false);
        });
        evil.start();
    }

    @AfterAll
    static void stop() {
        good.stop(0);
        evil.stop(0);
    }

    private static void answer(HttpExchange ex, int status, byte[] body, boolean chunked) throws IOException {
        goodHits.incrementAndGet();
        ex.getResponseHeaders().add("X-Host-Seen", String.valueOf(ex.getRequestHeaders().getFirst("Host")));
        ex.sendResponseHeaders(status, chunked ? 0 : body.length == 0 ? -1 : body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    /** Only the public stand-in is allowed; the resolver answers it first, then the private one (DNS rebinding). */
    private static PinnedHttpFetcher rebinding(AtomicInteger lookups) {
        Predicate<InetAddress> policy = a -> a.equals(publicStandIn);
        return new PinnedHttpFetcher(host -> new InetAddress[] {lookups.getAndIncrement() == 0 ? publicStandIn
                : privateStandIn}, policy, (SSLSocketFactory) SSLSocketFactory.getDefault(), 2000, 5000);
    }

    private static PinnedHttpFetcher allowingLoopback(long totalMs) {
        return new PinnedHttpFetcher(host -> new InetAddress[] {publicStandIn}, a -> a.equals(publicStandIn),
                (SSLSocketFactory) SSLSocketFactory.getDefault(), 2000, totalMs);
    }

    @Test
    void connectsToTheCheckedAddressEvenWhenTheNameLaterResolvesElsewhere() {
        AtomicInteger lookups = new AtomicInteger();
        PinnedHttpFetcher f = rebinding(lookups);
        byte[] body = f.get("http://rebind.example:" + port + "/who", "init image 1", 1 << 20);
        assertThat(new String(body, StandardCharsets.UTF_8)).isEqualTo("good");
        assertThat(lookups).hasValue(1);
        assertThat(evilHits).hasValue(0);
        // The same resolver's second answer is the private address: had the client resolved again, it would be used.
        assertThatThrownBy(() -> f.resolveChecked("rebind.example")).hasMessage("Request to local resource not allowed");
    }

    @Test
    void contentLengthChunkedAndTheCap() {
        PinnedHttpFetcher f = allowingLoopback(5000);
        String base = "http://img.example:" + port;
        assertThat(f.get(base + "/chunked", "mask", 1 << 20)).isEqualTo("chunked body".repeat(1000).getBytes());
        assertThat(f.get(base + "/big", "mask", 5000)).hasSize(5000);
        assertThatThrownBy(() -> f.get(base + "/big", "mask", 4999)).isInstanceOf(ApiException.class)
                .hasMessage("The mask is larger than 4999 bytes");
        assertThatThrownBy(() -> f.get(base + "/bigchunked", "mask", 4999)).isInstanceOf(ApiException.class)
                .hasMessage("The mask is larger than 4999 bytes");
        assertThatThrownBy(() -> f.get(base + "/missing", "mask", 100)).hasMessage("Fetching the mask failed: HTTP 404");
    }

    @Test
    void aRedirectIsA400NamingItAndIsNotFollowed() {
        PinnedHttpFetcher f = allowingLoopback(5000);
        assertThatThrownBy(() -> f.get("http://img.example:" + port + "/redirect", "init image 1", 100))
                .isInstanceOf(ApiException.class).satisfies(e -> assertThat(((ApiException) e).status().value())
                        .isEqualTo(400))
                .hasMessage("Fetching the init image 1 failed: HTTP 302 redirect to http://10.0.0.1/secret.png;"
                        + " redirects are not followed");
    }

    @Test
    void readToCloseBodiesAndASilentServerTimesOut() throws Exception {
        try (ServerSocket raw = new ServerSocket(0, 5, publicStandIn)) {
            Thread t = new Thread(() -> {
                try {
                    try (Socket s = raw.accept()) {
                        drainHead(s.getInputStream());
                        s.getOutputStream().write("HTTP/1.0 200 OK\r\nContent-Type: image/png\r\n\r\nuntil close"
                                .getBytes(StandardCharsets.ISO_8859_1));
                    }
                    try (Socket silent = raw.accept()) {
                        Thread.sleep(3000);
                    }
                } catch (Exception ignored) {
                    // the test fails on its own assertions
                }
            });
            t.start();
            PinnedHttpFetcher f = allowingLoopback(800);
            String url = "http://img.example:" + raw.getLocalPort() + "/x";
            assertThat(new String(f.get(url, "mask", 100), StandardCharsets.ISO_8859_1)).isEqualTo("until close");
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> f.get(url, "mask", 100)).hasMessageStartingWith("Fetching the mask failed:");
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(2500);
            t.join(5000);
        }
    }

    private static void drainHead(InputStream in) throws IOException {
        int state = 0;
        while (state < 4) {
            int c = in.read();
            state = c < 0 ? 4 : (c == '\r' && state % 2 == 0) || (c == '\n' && state % 2 == 1) ? state + 1 : 0;
        }
    }

    @Test
    void theRealPolicyRefusesLoopbackAndAnyPrivateAnswerWithoutConnecting() throws Exception {
        int before = goodHits.get();
        PinnedHttpFetcher real = new PinnedHttpFetcher();
        assertThatThrownBy(() -> real.get("http://127.0.0.1:" + port + "/who", "init image 1", 100))
                .hasMessage("Request to local resource not allowed");
        assertThatThrownBy(() -> real.get("http://localhost:" + port + "/who", "init image 1", 100))
                .hasMessage("Request to local resource not allowed");
        PinnedHttpFetcher mixed = new PinnedHttpFetcher(host -> new InetAddress[] {
            InetAddress.getByName("93.184.216.34"), InetAddress.getByName("10.1.2.3")}, InputImageDecoder::isGlobal,
                (SSLSocketFactory) SSLSocketFactory.getDefault(), 2000, 5000);
        assertThatThrownBy(() -> mixed.get("http://mixed.example/x.png", "mask", 100))
                .hasMessage("Request to local resource not allowed");
        assertThat(goodHits.get()).isEqualTo(before);
        for (String a : List.of("127.0.0.1", "10.0.0.1", "172.16.0.1", "192.168.1.1", "169.254.169.254", "100.64.0.1",
                "0.0.0.0", "::1", "fc00::1", "fe80::1", "::ffff:127.0.0.1", "224.0.0.1")) {
            assertThat(InputImageDecoder.isGlobal(InetAddress.getByName(a))).as(a).isFalse();
        }
        assertThat(InputImageDecoder.isGlobal(InetAddress.getByName("93.184.216.34"))).isTrue();
        assertThat(InputImageDecoder.isGlobal(InetAddress.getByName("2606:4700::1111"))).isTrue();
    }

    @Test
    void httpsOverThePinnedSocketVerifiesTheHostName(@TempDir Path dir) throws Exception {
        KeyStore keys = selfSigned(dir);
        SSLContext server = SSLContext.getInstance("TLS");
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, "changeit".toCharArray());
        server.init(kmf.getKeyManagers(), null, null);
        HttpsServer https = HttpsServer.create(new InetSocketAddress(publicStandIn, 0), 0);
        https.setHttpsConfigurator(new HttpsConfigurator(server));
        https.createContext("/who", ex -> answer(ex, 200, "tls".getBytes(), false));
        https.start();
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("sd", keys.getCertificate("sd"));
            tmf.init(trust);
            SSLContext client = SSLContext.getInstance("TLS");
            client.init(null, tmf.getTrustManagers(), null);
            PinnedHttpFetcher f = new PinnedHttpFetcher(host -> new InetAddress[] {publicStandIn},
                    a -> a.equals(publicStandIn), client.getSocketFactory(), 2000, 5000);
            int p = https.getAddress().getPort();
            assertThat(f.get("https://localhost:" + p + "/who", "mask", 100)).isEqualTo("tls".getBytes());
            // Same pinned address and trusted certificate, but the URL names a host the certificate is not for.
            assertThatThrownBy(() -> f.get("https://other.example:" + p + "/who", "mask", 100))
                    .hasMessageStartingWith("Fetching the mask failed:");
        } finally {
            https.stop(0);
        }
    }

    /** A self-signed key pair for dns:localhost made with the JDK's keytool. */
    private static KeyStore selfSigned(Path dir) throws Exception {
        Path ks = dir.resolve("tls.p12");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process p = new ProcessBuilder(List.of(keytool, "-genkeypair", "-alias", "sd", "-keyalg", "EC", "-groupname",
                "secp256r1", "-dname", "CN=localhost", "-ext", "SAN=dns:localhost", "-validity", "2", "-storetype",
                "PKCS12", "-keystore", ks.toString(), "-storepass", "changeit", "-keypass", "changeit"))
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("keytool failed: " + out);
        }
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(ks)) {
            store.load(in, "changeit".toCharArray());
        }
        return store;
    }
}
