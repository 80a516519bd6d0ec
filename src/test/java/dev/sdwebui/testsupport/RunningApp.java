package dev.sdwebui.testsupport;

import dev.sdwebui.SdWebuiApplication;
import dev.sdwebui.cli.LaunchParser;
import dev.sdwebui.cli.ParseOutcome;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts the real application the way main() does (flags parsed by LaunchParser, mapped to Spring
 * properties) on a random port (--port 0), for tests that talk to it over real HTTP.
 */
public final class RunningApp implements AutoCloseable {

    private final ConfigurableApplicationContext context;
    private final String base;

    private RunningApp(ConfigurableApplicationContext context, String base) {
        this.context = context;
        this.base = base;
    }

    /**
     * Environment for tests: the first-start download points at a closed local port, so a test started
     * without a checkpoint never reaches the network (it logs "network unavailable" and runs without a model).
     */
    public static final Map<String, String> OFFLINE_ENV = Map.of("SDWEBUI_DEFAULT_MODEL_URL", "http://127.0.0.1:9/none");

    /** Starts with these flags plus --port 0 and --data-dir dataDir (relative paths resolve against dataDir). */
    public static RunningApp start(Path dataDir, String scheme, String... flags) {
        return start(dataDir, scheme, OFFLINE_ENV, flags);
    }

    /** As {@link #start(Path, String, String...)} with these environment variables. */
    public static RunningApp start(Path dataDir, String scheme, Map<String, String> env, String... flags) {
        List<String> args = new ArrayList<>(List.of(flags));
        args.addAll(List.of("--port", "0", "--data-dir", dataDir.toString()));
        ParseOutcome parsed = new LaunchParser(Map.of()).parse(args.toArray(String[]::new));
        if (parsed.status() != ParseOutcome.Status.RUN) {
            throw new IllegalArgumentException(parsed.message());
        }
        ConfigurableApplicationContext ctx = SdWebuiApplication.start(parsed.options(), dataDir, env);
        int port = ((WebServerApplicationContext) ctx).getWebServer().getPort();
        String sub = parsed.options().subpath() == null ? "" : "/" + parsed.options().subpath().replaceAll("^/+|/+$", "");
        return new RunningApp(ctx, scheme + "://127.0.0.1:" + port + sub);
    }

    public ConfigurableApplicationContext context() {
        return context;
    }

    /** Base URL including the --subpath, without a trailing slash. */
    public String base() {
        return base;
    }

    public URI uri(String path) {
        return URI.create(base + path);
    }

    public static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    public static HttpRequest.Builder request(URI uri) {
        return HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30));
    }

    public static HttpResponse<String> send(HttpClient client, HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(request.method() + " " + request.uri() + ": " + e, e);
        }
    }

    @Override
    public void close() {
        if (context.isActive()) {
            context.close();
        }
    }
}
