package dev.sdwebui.web;

import dev.sdwebui.config.DataPaths;
import dev.sdwebui.config.SpringProperties;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriUtils;

/**
 * Serves generated files to the browser: {@code /file=<path>} (A1111/Gradio's form; absolute, or relative
 * to the data dir) and {@code /files/<path>} (relative to outputs/). Only regular files under outputs/ or a
 * --gradio-allowed-path folder, after resolving "..", symlinks and case; any path part starting with '.'
 * is refused. Everything refused is a plain 404 (no hint about what exists). Fixes Gradio 3.41's
 * arbitrary-read holes (reference section 11).
 */
@RestController
@ConditionalOnProperty(name = SpringProperties.WEBUI_ENABLED, havingValue = "true")
class FileController {

    private final DataPaths paths;

    FileController(DataPaths paths) {
        this.paths = paths;
    }

    @GetMapping({"/file={first}", "/file={first}/**"})
    ResponseEntity<Resource> file(HttpServletRequest request) {
        String raw = relativeUri(request).substring("/file=".length());
        return serve(paths.dataDir(), raw);
    }

    @GetMapping("/files/**")
    ResponseEntity<Resource> files(HttpServletRequest request) {
        String raw = relativeUri(request).substring("/files/".length());
        return serve(paths.outputsDir(), raw);
    }

    private static String relativeUri(HttpServletRequest request) {
        return request.getRequestURI().substring(request.getContextPath().length());
    }

    private ResponseEntity<Resource> serve(Path base, String encoded) {
        Optional<Path> file = allowed(base, UriUtils.decode(encoded, StandardCharsets.UTF_8));
        if (file.isEmpty()) {
            return ResponseEntity.notFound().build();
        }
        String type = URLConnection.guessContentTypeFromName(file.get().getFileName().toString());
        return ResponseEntity.ok()
                .contentType(type == null ? MediaType.APPLICATION_OCTET_STREAM : MediaType.parseMediaType(type))
                .header("X-Content-Type-Options", "nosniff")
                .body(new FileSystemResource(file.get()));
    }

    /** The canonical file if it may be served. */
    Optional<Path> allowed(Path base, String requested) {
        if (requested.isEmpty() || requested.indexOf('\0') >= 0) {
            return Optional.empty();
        }
        try {
            Path real = base.resolve(requested).toRealPath();
            if (!Files.isRegularFile(real)) {
                return Optional.empty();
            }
            for (Path root : roots()) {
                if (real.startsWith(root) && !hasDotPart(root.relativize(real))) {
                    return Optional.of(real);
                }
            }
        } catch (IOException | InvalidPathException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    private List<Path> roots() {
        List<Path> out = new ArrayList<>();
        for (Path p : paths.allowedFileDirs()) {
            try {
                out.add(p.toRealPath());
            } catch (IOException e) {
                // a missing allowed folder serves nothing
            }
        }
        return out;
    }

    private static boolean hasDotPart(Path relative) {
        for (Path part : relative) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }
}
