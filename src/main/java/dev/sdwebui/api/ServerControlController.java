package dev.sdwebui.api;

import dev.sdwebui.config.LaunchOptions;
import io.swagger.v3.oas.annotations.Operation;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;

/**
 * POST /sdapi/v1/server-stop, server-kill, server-restart. Ref: A1111 api.py {@code stop_webui}
 * ("Stopping.", the server shuts down), {@code kill_webui} ({@code os._exit(0)}), {@code restart_webui}
 * (501 unless a launcher loop restarts the process). A1111 mounts them only with --api-server-stop
 * (404 otherwise); here they always exist and answer 403 with the flag to use when it is missing.
 */
@SdApiController
class ServerControlController {

    private static final Logger LOG = LoggerFactory.getLogger(ServerControlController.class);
    private final LaunchOptions options;
    private final ConfigurableApplicationContext context;
    private final IntConsumer halt;

    @Autowired
    ServerControlController(LaunchOptions options, ConfigurableApplicationContext context) {
        this(options, context, code -> Runtime.getRuntime().halt(code));
    }

    /** @param halt ends the process at once (tests pass a recorder) */
    ServerControlController(LaunchOptions options, ConfigurableApplicationContext context, IntConsumer halt) {
        this.options = options;
        this.context = context;
        this.halt = halt;
    }

    @Operation(summary = "Stop Webui", description = "With --api-server-stop: answers \"Stopping.\", then shuts down.")
    @PostMapping("/server-stop")
    ResponseEntity<String> stop() {
        requireFlag("server-stop");
        LOG.info("POST /sdapi/v1/server-stop: shutting down");
        later(context::close, "server-stop");
        return ResponseEntity.ok().contentType(MediaType.TEXT_PLAIN).body("Stopping.");
    }

    @Operation(summary = "Kill Webui", description = "With --api-server-stop: ends the process at once (running jobs are lost).")
    @PostMapping("/server-kill")
    ResponseEntity<String> kill() {
        requireFlag("server-kill");
        LOG.warn("POST /sdapi/v1/server-kill: exiting now");
        later(() -> halt.accept(0), "server-kill");
        return ResponseEntity.ok().contentType(MediaType.TEXT_PLAIN).body("Killing.");
    }

    /** A1111 restarts only under its launcher loop (SD_WEBUI_RESTART); sd-webui has none: 501. */
    @Operation(summary = "Restart Webui", description = "Answers 501: no launcher loop restarts sd-webui.")
    @PostMapping("/server-restart")
    ResponseEntity<String> restart() {
        requireFlag("server-restart");
        throw new ApiException(HttpStatus.NOT_IMPLEMENTED, "server-restart: sd-webui runs without a launcher loop"
                + " that could start it again; use server-stop and start it anew");
    }

    private void requireFlag(String what) {
        if (!options.apiServerStop()) {
            throw new ApiException(HttpStatus.FORBIDDEN, what + " is disabled: start sd-webui with --api-server-stop");
        }
    }

    /** Runs after the answer has gone out. */
    private static void later(Runnable action, String name) {
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            action.run();
        }, name);
        t.start();
    }
}
