package dev.sdwebui.api;

import static dev.sdwebui.testsupport.RunningApp.request;
import static dev.sdwebui.testsupport.RunningApp.send;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sdwebui.testsupport.RunningApp;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import javax.imageio.ImageIO;

/** JSON over real HTTP against a {@link RunningApp}. */
final class ApiClient {

    final ObjectMapper json = new ObjectMapper();
    final HttpClient http = HttpClient.newHttpClient();
    final RunningApp app;

    ApiClient(RunningApp app) {
        this.app = app;
    }

    HttpResponse<String> get(String path) {
        return send(http, request(app.uri(path)).GET().build());
    }

    HttpResponse<String> post(String path, Object body) {
        try {
            String text = body instanceof String s ? s : json.writeValueAsString(body);
            return send(http, request(app.uri(path)).timeout(Duration.ofMinutes(5)).header("Content-Type", "application/json")
                    .POST(BodyPublishers.ofString(text)).build());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    HttpResponse<String> delete(String path) {
        return send(http, request(app.uri(path)).DELETE().build());
    }

    JsonNode read(HttpResponse<String> r) {
        try {
            return json.readTree(r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(r.body(), e);
        }
    }

    /** POST and parse, asserting 200. */
    JsonNode ok(String path, Object body) {
        HttpResponse<String> r = post(path, body);
        if (r.statusCode() != 200) {
            throw new AssertionError(path + " -> " + r.statusCode() + ": " + r.body());
        }
        return read(r);
    }

    static byte[] bytes(String base64) {
        return Base64.getDecoder().decode(base64);
    }

    static BufferedImage image(byte[] png) {
        try {
            return ImageIO.read(new ByteArrayInputStream(png));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
