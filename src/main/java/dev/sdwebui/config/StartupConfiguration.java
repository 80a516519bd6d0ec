package dev.sdwebui.config;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;

/** Start-up report: the URL (as A1111 prints it), the start-up time, and --autolaunch. */
@Configuration
public class StartupConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(StartupConfiguration.class);
    private final LaunchOptions options;

    public StartupConfiguration(LaunchOptions options) {
        this.options = options;
    }

    @EventListener(ApplicationReadyEvent.class)
    public void ready(ApplicationReadyEvent e) {
        int port = e.getApplicationContext() instanceof WebServerApplicationContext w
                ? w.getWebServer().getPort() : options.effectivePort();
        String scheme = options.tlsKeyfile() != null ? "https" : "http";
        String host = options.serverName() != null ? options.serverName() : "127.0.0.1";
        String url = scheme + "://" + host + ":" + port + SpringProperties.contextPath(options.subpath()) + "/";
        LOG.info("Running on local URL:  {}", url);
        if (options.nowebui()) {
            LOG.info("API only (--nowebui): {}sdapi/v1, docs at {}docs", url, url);
        }
        long ms = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
        LOG.info("Startup time: {} s (no model loaded)", String.format(java.util.Locale.ROOT, "%.1f", ms / 1000.0));
        if (options.autolaunch() && !"1".equals(System.getenv("SD_WEBUI_RESTARTING"))) {
            autolaunch(url, System.getenv());
        }
    }

    private static void autolaunch(String url, Map<String, String> env) {
        boolean desktop = env.get("DISPLAY") != null || env.get("WAYLAND_DISPLAY") != null;
        Path opener = Path.of("/usr/bin/xdg-open");
        if (!desktop || !Files.isExecutable(opener)) {
            LOG.info("--autolaunch: no desktop found; open {} in a browser", url);
            return;
        }
        try {
            new ProcessBuilder(opener.toString(), url).inheritIO().start();
        } catch (IOException ex) {
            LOG.warn("--autolaunch: cannot start a browser: {}", ex.getMessage());
        }
    }
}
