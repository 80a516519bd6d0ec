package dev.sdwebui.config;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Maps the server flags onto Spring Boot properties, before the context starts: port (7860, or 7861 with
 * --nowebui), bind address (--listen -> 0.0.0.0, --server-name), --subpath -> context path, TLS from PEM
 * files (Spring Boot reads PEM certificate + private key directly), log level, and the two switches
 * {@code sdwebui.api-enabled} / {@code sdwebui.webui-enabled} that mount the API and UI controllers.
 */
public final class SpringProperties {

    /** Property that is true when /sdapi/v1 is mounted (--api or --nowebui). */
    public static final String API_ENABLED = "sdwebui.api-enabled";
    /** Property that is true unless --nowebui. */
    public static final String WEBUI_ENABLED = "sdwebui.webui-enabled";

    private SpringProperties() {
    }

    /** The properties for these flags; validated (throws {@link StartupException} for bad combinations). */
    public static Map<String, Object> from(LaunchOptions o) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("server.port", o.effectivePort());
        p.put("server.address", o.serverName() != null ? o.serverName() : o.listen() ? "0.0.0.0" : "127.0.0.1");
        String ctx = contextPath(o.subpath());
        if (!ctx.isEmpty()) {
            p.put("server.servlet.context-path", ctx);
        }
        if ((o.tlsKeyfile() == null) != (o.tlsCertfile() == null)) {
            throw new StartupException("TLS needs both --tls-keyfile and --tls-certfile");
        }
        if (o.tlsKeyfile() != null) {
            p.put("server.ssl.enabled", true);
            p.put("server.ssl.certificate", "file:" + Path.of(o.tlsCertfile()).toAbsolutePath());
            p.put("server.ssl.certificate-private-key", "file:" + Path.of(o.tlsKeyfile()).toAbsolutePath());
        }
        p.put(API_ENABLED, o.apiEnabled());
        p.put(WEBUI_ENABLED, !o.nowebui());
        // Cookies for the UI session: not readable by JS, not sent on cross-site POSTs.
        p.put("server.servlet.session.cookie.same-site", "lax");
        p.put("server.servlet.session.cookie.http-only", true);
        if (o.loglevel() != null) {
            p.put("logging.level.root", pythonLevel(o.loglevel()));
        }
        if (o.gradioDebug()) {
            p.put("logging.level.dev.sdwebui", "DEBUG");
        }
        return p;
    }

    /**
     * Environment variables that override application.yml: {@code SDWEBUI_DEFAULT_MODEL_URL} and
     * {@code SDWEBUI_DEFAULT_MODEL_SHA256} (the first-start download's source).
     */
    public static Map<String, Object> fromEnvironment(Map<String, String> env) {
        Map<String, Object> p = new LinkedHashMap<>();
        putIfSet(p, "sdwebui.default-model.url", env.get("SDWEBUI_DEFAULT_MODEL_URL"));
        putIfSet(p, "sdwebui.default-model.sha256", env.get("SDWEBUI_DEFAULT_MODEL_SHA256"));
        return p;
    }

    private static void putIfSet(Map<String, Object> p, String key, String value) {
        if (value != null && !value.isBlank()) {
            p.put(key, value.strip());
        }
    }

    /** "--subpath sd" or "/sd/" -> "/sd"; none -> "". */
    public static String contextPath(String subpath) {
        if (subpath == null) {
            return "";
        }
        String s = subpath.strip();
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        if (s.isEmpty()) {
            return "";
        }
        return s.startsWith("/") ? s : "/" + s;
    }

    private static String pythonLevel(String level) {
        String l = level.toUpperCase(java.util.Locale.ROOT);
        return switch (l) {
            case "CRITICAL" -> "ERROR";
            case "WARNING" -> "WARN";
            case "ERROR", "INFO", "DEBUG", "TRACE", "WARN", "OFF" -> l;
            default -> throw new StartupException("--loglevel: unknown level '" + level
                    + "' (use CRITICAL, ERROR, WARNING, INFO or DEBUG)");
        };
    }
}
