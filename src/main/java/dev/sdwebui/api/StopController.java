package dev.sdwebui.api;

import dev.sdwebui.config.LaunchOptions;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * POST /_stop with --add-stop-route: answers, then closes the application context (the JVM exits when
 * the last non-daemon thread ends). Without the flag: 404. It needs no CSRF token (scripts call it), so
 * a browser request from a foreign origin is refused instead.
 */
@RestController
class StopController {

    private static final Logger LOG = LoggerFactory.getLogger(StopController.class);
    private final LaunchOptions options;
    private final ConfigurableApplicationContext context;

    StopController(LaunchOptions options, ConfigurableApplicationContext context) {
        this.options = options;
        this.context = context;
    }

    @PostMapping("/_stop")
    ResponseEntity<String> stop(HttpServletRequest request) {
        if (!options.addStopRoute()) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND).body("Not Found");
        }
        String origin = request.getHeader("Origin");
        if (origin != null && !URI.create(origin).getHost().equalsIgnoreCase(request.getServerName())) {
            return ResponseEntity.status(HttpStatus.FORBIDDEN).body("cross-origin stop refused");
        }
        LOG.info("POST /_stop: shutting down");
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            context.close();
        }, "stop-route");
        t.start();
        return ResponseEntity.ok("Stopping.");
    }
}
