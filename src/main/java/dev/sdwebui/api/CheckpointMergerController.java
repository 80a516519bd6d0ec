package dev.sdwebui.api;

import dev.sdwebui.config.SpringProperties;
import dev.sdwebui.model.merge.CheckpointMerger;
import dev.sdwebui.model.merge.MergeException;
import dev.sdwebui.model.merge.MergeMethod;
import dev.sdwebui.model.merge.MergeResult;
import dev.sdwebui.model.merge.MergeSpec;
import dev.sdwebui.model.registry.CheckpointInfo;
import dev.sdwebui.model.registry.CheckpointRegistry;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The Checkpoint Merger as an API (our extension; A1111 has it only as a Gradio tab): merges, refreshes
 * the checkpoint list, and answers the new file's name and sha256. Errors use A1111's error JSON.
 */
@RestController
@RequestMapping("/sdapi/v2/checkpoint-merger")
@ConditionalOnProperty(name = SpringProperties.API_ENABLED, havingValue = "true")
@Tag(name = "models", description = "Checkpoint merger (sd-webui extension of the A1111 API)")
class CheckpointMergerController {

    private static final List<String> CONFIG_SOURCES = List.of("A, B or C", "B", "C", "Don't");

    private final CheckpointMerger merger;
    private final CheckpointRegistry registry;

    CheckpointMergerController(CheckpointMerger merger, CheckpointRegistry registry) {
        this.merger = merger;
        this.registry = registry;
    }

    @Operation(summary = "Merge checkpoints", description = "A1111's Checkpoint Merger: No interpolation, Weighted sum "
            + "((1-M)A + M B), Add difference (A + M(B - C)); writes a .safetensors into the checkpoint folder.")
    @PostMapping
    Map<String, Object> merge(@RequestBody CheckpointMergerRequest r) throws MergeException, IOException {
        MergeResult res = merger.merge(spec(r));
        registry.refresh();
        CheckpointInfo made = registry.list().stream().filter(c -> c.filename().equals(res.file())).findFirst()
                .orElse(null);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", res.name());
        out.put("title", made == null ? res.name() : made.title());
        out.put("filename", res.file().toString());
        out.put("sha256", res.sha256());
        out.put("info", res.message());
        return out;
    }

    private MergeSpec spec(CheckpointMergerRequest r) {
        MergeMethod method = MergeMethod.fromLabel(r.interpMethod() == null ? "Weighted sum" : r.interpMethod())
                .orElseThrow(() -> bad("interp_method must be one of \"No interpolation\", \"Weighted sum\", "
                        + "\"Add difference\", got: " + r.interpMethod()));
        String format = r.checkpointFormat() == null ? "safetensors" : r.checkpointFormat();
        if (!format.equals("safetensors")) {
            throw bad("checkpoint_format \"" + format + "\" is not supported: the merger writes safetensors only");
        }
        if (r.bakeInVae() != null && !r.bakeInVae().isEmpty() && !r.bakeInVae().equals("None")) {
            throw bad("bake_in_vae is not supported yet: use \"None\"");
        }
        return new MergeSpec(model("primary_model_name", r.primaryModelName()),
                method.needsSecondary() ? model("secondary_model_name", r.secondaryModelName()) : null,
                method.needsTertiary() ? model("tertiary_model_name", r.tertiaryModelName()) : null,
                method, r.multiplier() == null ? 0.3 : r.multiplier(), Boolean.TRUE.equals(r.saveAsHalf()),
                r.customName(), configSource(r.configSource()), r.discardWeights(),
                !Boolean.FALSE.equals(r.saveMetadata()), !Boolean.FALSE.equals(r.addMergeRecipe()),
                !Boolean.FALSE.equals(r.copyMetadataFields()), r.metadataJson());
    }

    private CheckpointInfo model(String field, String id) {
        if (id == null || id.isBlank()) {
            return null; // the merger answers A1111's "Failed: Merging requires a ... model."
        }
        return registry.find(id).orElseThrow(() -> new ApiException(HttpStatus.NOT_FOUND,
                field + ": checkpoint not found: " + id));
    }

    private static int configSource(Object v) {
        if (v == null) {
            return 0;
        }
        if (v instanceof Number n && n.doubleValue() == n.intValue() && n.intValue() >= 0 && n.intValue() < 4) {
            return n.intValue();
        }
        if (v instanceof String s && CONFIG_SOURCES.contains(s)) {
            return CONFIG_SOURCES.indexOf(s);
        }
        throw bad("config_source must be 0-3 or one of " + CONFIG_SOURCES + ", got: " + v);
    }

    private static ApiException bad(String detail) {
        return new ApiException(HttpStatus.BAD_REQUEST, detail);
    }

    @ExceptionHandler(MergeException.class)
    ResponseEntity<ApiError> mergeFailed(MergeException e) {
        return ResponseEntity.badRequest().body(ApiError.http(400, e.getMessage()));
    }

    @ExceptionHandler(ApiException.class)
    ResponseEntity<ApiError> apiError(ApiException e) {
        return ResponseEntity.status(e.status()).body(ApiError.http(e.status().value(), e.getMessage()));
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ApiError> unreadable(HttpMessageNotReadableException e) {
        return ResponseEntity.badRequest().body(ApiError.http(400, "Invalid JSON body: "
                + (e.getMostSpecificCause() == null ? e.getMessage() : e.getMostSpecificCause().getMessage())));
    }
}
