package dev.sdwebui.api;

import dev.sdwebui.config.SpringProperties;
import dev.sdwebui.model.registry.FirstStartDownload;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Progress of the first-start model download (our extension), for scripts and the UI. */
@RestController
@ConditionalOnProperty(name = SpringProperties.API_ENABLED, havingValue = "true")
@Tag(name = "models", description = "Checkpoint merger and first-start download (sd-webui extension of the A1111 API)")
class DefaultModelDownloadController {

    private final FirstStartDownload download;

    DefaultModelDownloadController(FirstStartDownload download) {
        this.download = download;
    }

    @Operation(summary = "First-start download", description = "state NOT_NEEDED, DOWNLOADING, DONE or FAILED; bytes "
            + "done and total (-1 when unknown); message says what happened.")
    @GetMapping("/sdapi/v2/default-model-download")
    Map<String, Object> status() {
        FirstStartDownload.Status s = download.status();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("state", s.state().name());
        out.put("done", s.done());
        out.put("total", s.total());
        out.put("progress", s.total() > 0 ? (double) s.done() / s.total() : null);
        out.put("message", s.message());
        return out;
    }
}
