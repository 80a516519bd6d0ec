package dev.sdwebui.security;

import static dev.sdwebui.testsupport.RunningApp.basic;
import static dev.sdwebui.testsupport.RunningApp.request;
import static dev.sdwebui.testsupport.RunningApp.send;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sdwebui.testsupport.RunningApp;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Auth matrix, CSRF, CORS, --subpath and TLS, on one server started with
 * {@code --gradio-auth "alice:pa:ss:word" --gradio-auth-path F --api-auth "bot:s3:cr3t" --subpath sd
 * --tls-keyfile/--tls-certfile} (a self-signed pair made in the test).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecurityTest {

    private RunningApp app;
    private SSLContext ssl;
    private Path data;

    @BeforeAll
    void start() throws Exception {
        data = Files.createTempDirectory("sdwebui-sec");
        SelfSignedPem pem = SelfSignedPem.create(data);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(pem.trust);
        ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        Path authFile = Files.writeString(data.resolve("users.txt"), "carol:c4rol\n\ndave:d:ave,erin:e\n");
        Files.createDirectories(data.resolve("outputs"));
        Files.writeString(data.resolve("outputs/a.txt"), "hello");
        app = RunningApp.start(data, "https", "--api", "--gradio-auth", "alice:pa:ss:word",
                "--gradio-auth-path", authFile.toString(), "--api-auth", "bot:s3:cr3t", "--subpath", "sd",
                "--tls-keyfile", pem.key.toString(), "--tls-certfile", pem.cert.toString(),
                "--cors-allow-origins", "https://good.example,https://other.example",
                "--cors-allow-origins-regex", "https://[a-z]+\\.trusted\\.dev");
    }

    @AfterAll
    void stop() {
        app.close();
    }

    private HttpClient client() {
        return HttpClient.newBuilder().sslContext(ssl).cookieHandler(new CookieManager()).build();
    }

    private static String xsrf(HttpClient c) {
        return ((CookieManager) c.cookieHandler().orElseThrow()).getCookieStore().getCookies().stream()
                .filter(k -> k.getName().equals("XSRF-TOKEN")).map(HttpCookie::getValue).findFirst().orElse("");
    }

    /** Logs in through the form; returns the response of POST /login. */
    private HttpResponse<String> login(HttpClient c, String user, String password) {
        HttpResponse<String> page = send(c, request(app.uri("/login")).GET().build());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("name=\"password\"");
        String form = "username=" + enc(user) + "&password=" + enc(password) + "&_csrf=" + enc(xsrf(c));
        return send(c, request(app.uri("/login")).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(BodyPublishers.ofString(form)).build());
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Test
    void uiNeedsLogin() {
        HttpClient c = client();
        HttpResponse<String> r = send(c, request(app.uri("/")).header("Accept", "text/html").GET().build());
        assertThat(r.statusCode()).isEqualTo(302);
        assertThat(r.headers().firstValue("Location").orElse("")).endsWith("/sd/login");
    }

    @Test
    void wrongPasswordIsRefused() {
        HttpClient c = client();
        HttpResponse<String> r = login(c, "alice", "pa:ss");
        assertThat(r.headers().firstValue("Location").orElse("")).endsWith("/login?error");
        assertThat(send(c, request(app.uri("/")).header("Accept", "text/html").GET().build()).statusCode()).isEqualTo(302);
    }

    @Test
    void rightPasswordWithColonsOpensTheUi() {
        HttpClient c = client();
        HttpResponse<String> r = login(c, "alice", "pa:ss:word");
        assertThat(r.statusCode()).isEqualTo(302);
        assertThat(r.headers().firstValue("Location").orElse("")).doesNotContain("error");
        HttpResponse<String> page = send(c, request(app.uri("/")).GET().build());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("txt2img").contains("/sd/css/app.css");
    }

    @Test
    void authFileUsersCanLogIn() {
        for (String[] u : new String[][] {{"carol", "c4rol"}, {"dave", "d:ave"}, {"erin", "e"}}) {
            HttpClient c = client();
            login(c, u[0], u[1]);
            assertThat(send(c, request(app.uri("/")).GET().build()).statusCode()).as(u[0]).isEqualTo(200);
        }
    }

    @Test
    void apiNeedsBasicCredentials() {
        HttpClient c = client();
        HttpResponse<String> none = send(c, request(app.uri("/sdapi/v1/options")).GET().build());
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("WWW-Authenticate").orElse("")).startsWith("Basic");
        assertThat(none.body()).contains("\"detail\": \"Incorrect username or password\"");
        HttpResponse<String> wrong = send(c, request(app.uri("/sdapi/v1/options"))
                .header("Authorization", basic("bot", "s3")).GET().build());
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(send(c, request(app.uri("/sdapi/v1/options")).header("Authorization", basic("alice", "wrong")).GET().build())
                .statusCode()).isEqualTo(401);
        HttpResponse<String> right = send(c, request(app.uri("/sdapi/v1/options"))
                .header("Authorization", basic("bot", "s3:cr3t")).GET().build());
        assertThat(right.statusCode()).isEqualTo(200);
        assertThat(right.body()).contains("sd_model_checkpoint");
        HttpResponse<String> post = send(c, request(app.uri("/sdapi/v1/options")).header("Authorization", basic("bot", "s3:cr3t"))
                .header("Content-Type", "application/json").POST(BodyPublishers.ofString("{\"jpeg_quality\": 90}")).build());
        assertThat(post.statusCode()).as("no CSRF token needed for Basic API calls").isEqualTo(200);
    }

    @Test
    void apiCredentialsDoNotOpenTheUiButOpenInternalAndFiles() {
        HttpClient c = client();
        assertThat(send(c, request(app.uri("/")).header("Authorization", basic("bot", "s3:cr3t")).GET().build())
                .statusCode()).isEqualTo(403);
        assertThat(send(c, request(app.uri("/files/a.txt")).GET().build()).statusCode()).isIn(302, 401);
        HttpResponse<String> f = send(c, request(app.uri("/files/a.txt")).header("Authorization", basic("bot", "s3:cr3t")).GET().build());
        assertThat(f.statusCode()).isEqualTo(200);
        assertThat(f.body()).isEqualTo("hello");
        HttpResponse<String> internal = send(c, request(app.uri("/internal/sd-model-checkpoint"))
                .header("Authorization", basic("bot", "s3:cr3t")).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(BodyPublishers.ofString("title=none")).build());
        assertThat(internal.statusCode()).as("reached the controller: no such checkpoint").isEqualTo(400);
        assertThat(send(c, request(app.uri("/internal/sd-model-checkpoint")).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(BodyPublishers.ofString("title=none")).build()).statusCode()).isIn(302, 401, 403);
    }

    @Test
    void uiSessionCallsNeedTheCsrfToken() {
        HttpClient c = client();
        login(c, "alice", "pa:ss:word");
        send(c, request(app.uri("/")).GET().build());
        var noToken = send(c, request(app.uri("/internal/sd-model-checkpoint")).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(BodyPublishers.ofString("title=none")).build());
        assertThat(noToken.statusCode()).isEqualTo(403);
        var withToken = send(c, request(app.uri("/internal/sd-model-checkpoint")).header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-XSRF-TOKEN", xsrf(c)).POST(BodyPublishers.ofString("title=none")).build());
        assertThat(withToken.statusCode()).isEqualTo(400);
        var altHeader = send(c, request(app.uri("/internal/sd-model-checkpoint")).header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-CSRF-TOKEN", xsrf(c)).POST(BodyPublishers.ofString("title=none")).build());
        assertThat(altHeader.statusCode()).isEqualTo(400);
        assertThat(send(c, request(app.uri("/sdapi/v1/cmd-flags")).GET().build()).statusCode())
                .as("a logged-in UI session may call the API").isEqualTo(200);
    }

    @Test
    void corsAllowsOnlyConfiguredOrigins() {
        HttpClient c = client();
        for (String origin : new String[] {"https://good.example", "https://abc.trusted.dev"}) {
            HttpResponse<String> pre = send(c, request(app.uri("/sdapi/v1/options")).header("Origin", origin)
                    .header("Access-Control-Request-Method", "POST").header("Access-Control-Request-Headers", "content-type,authorization")
                    .method("OPTIONS", BodyPublishers.noBody()).build());
            assertThat(pre.statusCode()).as(origin).isEqualTo(200);
            assertThat(pre.headers().firstValue("Access-Control-Allow-Origin")).as(origin).hasValue(origin);
            assertThat(pre.headers().firstValue("Access-Control-Allow-Credentials")).hasValue("true");
        }
        HttpResponse<String> evil = send(c, request(app.uri("/sdapi/v1/options")).header("Origin", "https://evil.example")
                .header("Access-Control-Request-Method", "POST").method("OPTIONS", BodyPublishers.noBody()).build());
        assertThat(evil.statusCode()).isEqualTo(403);
        assertThat(evil.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        assertThat(send(c, request(app.uri("/sdapi/v1/options")).header("Origin", "https://x.trusted.dev.evil.com")
                .header("Access-Control-Request-Method", "GET").method("OPTIONS", BodyPublishers.noBody()).build())
                .headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    @Test
    void everythingLivesUnderTheSubpath() {
        HttpClient c = client();
        String root = app.base().replace("/sd", "");
        assertThat(send(c, request(java.net.URI.create(root + "/sdapi/v1/options"))
                .header("Authorization", basic("bot", "s3:cr3t")).GET().build()).statusCode()).isEqualTo(404);
        assertThat(send(c, request(app.uri("/css/app.css")).GET().build()).statusCode()).isEqualTo(200);
        assertThat(app.base()).startsWith("https://");
    }

    @Test
    void logoutEndsTheSession() {
        HttpClient c = client();
        login(c, "alice", "pa:ss:word");
        assertThat(send(c, request(app.uri("/")).GET().build()).statusCode()).isEqualTo(200);
        send(c, request(app.uri("/logout")).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(BodyPublishers.ofString("_csrf=" + enc(xsrf(c)))).build());
        assertThat(send(c, request(app.uri("/")).header("Accept", "text/html").GET().build()).statusCode()).isEqualTo(302);
    }

    /** What a page on another site can make a browser send: a form post, with cached Basic credentials replayed. */
    @Test
    void crossSiteRequestsAreRefusedEvenWithReplayedCredentials() {
        HttpClient c = client();
        String self = app.base().replace("/sd", "");
        for (String path : new String[] {"/internal/sd-model-checkpoint", "/internal/interrupt", "/sdapi/v1/interrupt",
            "/sdapi/v1/skip"}) {
            HttpResponse<String> evil = send(c, request(app.uri(path)).header("Authorization", basic("bot", "s3:cr3t"))
                    .header("Origin", "https://evil.example").header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(BodyPublishers.ofString("title=none")).build());
            assertThat(evil.statusCode()).as(path).isEqualTo(403); // CORS or CrossSiteRequestFilter refuses it
            HttpResponse<String> fetchMeta = send(c, request(app.uri(path)).header("Authorization", basic("bot", "s3:cr3t"))
                    .header("Sec-Fetch-Site", "cross-site").POST(BodyPublishers.ofString("title=none")).build());
            assertThat(fetchMeta.statusCode()).as(path + " flagged by Sec-Fetch-Site").isEqualTo(403);
            assertThat(fetchMeta.body()).as(path).contains("Cross-site request refused");
            HttpResponse<String> sandboxed = send(c, request(app.uri(path)).header("Authorization", basic("bot", "s3:cr3t"))
                    .header("Origin", "null").POST(BodyPublishers.ofString("title=none")).build());
            assertThat(sandboxed.statusCode()).as(path + " from a sandboxed page").isEqualTo(403);
        }
        HttpResponse<String> sameOrigin = send(c, request(app.uri("/internal/sd-model-checkpoint"))
                .header("Authorization", basic("bot", "s3:cr3t")).header("Origin", self)
                .header("Sec-Fetch-Site", "same-origin").header("Content-Type", "application/x-www-form-urlencoded")
                .POST(BodyPublishers.ofString("title=none")).build());
        assertThat(sameOrigin.statusCode()).as("our own page reaches the controller").isEqualTo(400);
        HttpResponse<String> allowed = send(c, request(app.uri("/sdapi/v1/options")).header("Authorization", basic("bot", "s3:cr3t"))
                .header("Origin", "https://good.example").header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString("{\"jpeg_quality\": 90}")).build());
        assertThat(allowed.statusCode()).as("a CORS-allowed site may call the API").isEqualTo(200);
    }

    @Test
    void pagesCarryAContentSecurityPolicyAndTheUsualHeaders() {
        HttpClient c = client();
        login(c, "alice", "pa:ss:word");
        for (String path : new String[] {"/", "/login"}) {
            HttpResponse<String> page = send(c, request(app.uri(path)).GET().build());
            assertThat(page.headers().firstValue("Content-Security-Policy")).as(path).hasValue(SecurityConfiguration.CSP);
            assertThat(page.headers().firstValue("X-Content-Type-Options")).as(path).hasValue("nosniff");
            assertThat(page.headers().firstValue("X-Frame-Options")).as(path).hasValue("SAMEORIGIN");
            assertThat(page.headers().firstValue("Referrer-Policy")).as(path).hasValue("same-origin");
        }
        assertThat(send(c, request(app.uri("/sdapi/v1/options")).header("Authorization", basic("bot", "s3:cr3t")).GET().build())
                .headers().firstValue("Content-Security-Policy")).hasValue(SecurityConfiguration.CSP);
    }
}
