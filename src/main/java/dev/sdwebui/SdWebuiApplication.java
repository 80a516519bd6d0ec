package dev.sdwebui;

import dev.sdwebui.cli.LaunchParser;
import dev.sdwebui.cli.ParseOutcome;
import dev.sdwebui.config.DataPaths;
import dev.sdwebui.config.LaunchNotices;
import dev.sdwebui.config.LaunchOptions;
import dev.sdwebui.config.NativeLibraryCache;
import dev.sdwebui.config.SpringProperties;
import dev.sdwebui.config.StartupException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * Entry point: {@code java -jar target/sd-webui.jar [A1111 launch flags]}. The flags are parsed before
 * Spring starts (so --help and argument errors are instant), the data folders are prepared, then the flags
 * become Spring properties and the {@link LaunchOptions} / {@link DataPaths} beans.
 */
@SpringBootApplication
public class SdWebuiApplication {

    public static void main(String[] args) {
        ParseOutcome parsed = new LaunchParser(System.getenv()).parse(args);
        switch (parsed.status()) {
            case HELP -> {
                System.out.print(parsed.message());
                System.exit(0);
            }
            case ERROR -> {
                System.err.println(parsed.message());
                System.exit(parsed.exitCode());
            }
            default -> { }
        }
        Logger log = LoggerFactory.getLogger(SdWebuiApplication.class);
        if (!parsed.unrecognized().isEmpty()) {
            log.warn("ignoring unrecognized arguments (IGNORE_CMD_ARGS_ERRORS is set): {}",
                    String.join(" ", parsed.unrecognized()));
        }
        try {
            start(parsed.options(), Path.of("").toAbsolutePath(), System.getenv());
        } catch (StartupException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(1);
        }
    }

    /**
     * Starts the application for these flags (also used by tests, with --port 0).
     *
     * @throws StartupException for a missing named file or an invalid flag combination
     */
    public static ConfigurableApplicationContext start(LaunchOptions options, Path cwd, Map<String, String> env) {
        Logger log = LoggerFactory.getLogger(SdWebuiApplication.class);
        DataPaths paths = DataPaths.resolve(options, cwd, env);
        paths.prepare(options);
        Map<String, Object> props = SpringProperties.from(options);
        props.putAll(SpringProperties.fromEnvironment(env));
        LaunchNotices.notices(options).forEach(log::info);
        LaunchNotices.warnings(options).forEach(log::warn);
        if (options.allowDjlDownload()) {
            // webui.sh passes -Dai.djl.offline=true; this flag is the explicit opt-in to one CUDA download.
            System.setProperty("ai.djl.offline", "false");
        }
        if (options.reinstallTorch()) {
            reinstallTorch(log, env);
        }
        SpringApplication app = new SpringApplication(SdWebuiApplication.class);
        app.addInitializers(ctx -> {
            ctx.getEnvironment().getPropertySources().addFirst(new MapPropertySource("launchFlags", props));
            ctx.getBeanFactory().registerSingleton("launchOptions", options);
            ctx.getBeanFactory().registerSingleton("dataPaths", paths);
        });
        return app.run();
    }

    private static void reinstallTorch(Logger log, Map<String, String> env) {
        Path dir = NativeLibraryCache.pytorchDir(env);
        try {
            boolean deleted = NativeLibraryCache.delete(dir);
            log.info("--reinstall-torch: {} {}", deleted ? "deleted" : "nothing to delete at", dir);
        } catch (IOException e) {
            throw new StartupException("--reinstall-torch: cannot delete " + dir + ": " + e.getMessage());
        }
    }
}
