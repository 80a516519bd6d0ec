package dev.sdwebui.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.swagger.v3.oas.annotations.Operation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;

/**
 * A1111 v1.10 endpoints whose feature sd-webui does not have yet. Lists answer A1111's shape, empty
 * (there is nothing to list); actions answer 501 with A1111's error JSON and a detail naming what is
 * missing, never a 404, so a client learns why. Ref: A1111 api.py {@code get_scripts_list},
 * {@code get_script_info}, {@code get_face_restorers}, {@code interrogateapi}, {@code create_embedding},
 * {@code create_hypernetwork}, {@code train_embedding}, {@code train_hypernetwork}.
 */
@SdApiController
class FeatureGapsController {

    private final InputImageDecoder decoder;

    FeatureGapsController(InputImageDecoder decoder) {
        this.decoder = decoder;
    }

    @Operation(summary = "Get Scripts List", description = "Selectable and always-on scripts: none exist in sd-webui yet.")
    @GetMapping("/scripts")
    Map<String, List<String>> scripts() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        m.put("txt2img", List.of());
        m.put("img2img", List.of());
        return m;
    }

    @Operation(summary = "Get Script Info", description = "[{name, is_alwayson, is_img2img, args}]: empty (no scripts yet).")
    @GetMapping("/script-info")
    List<Map<String, Object>> scriptInfo() {
        return List.of();
    }

    @Operation(summary = "Get Face Restorers", description = "[{name, cmd_dir}]: empty, face restoration is not built yet.")
    @GetMapping("/face-restorers")
    List<Map<String, Object>> faceRestorers() {
        return List.of();
    }

    /** A1111: no image -> 404 "Image not found"; a model other than clip/deepdanbooru -> 404 "Model not found". */
    @Operation(summary = "Interrogateapi", description = "Not built yet: answers 501 after A1111's input checks.")
    @PostMapping("/interrogate")
    Map<String, Object> interrogate(@RequestBody(required = false) JsonNode body) {
        String image = text(body, "image", "");
        if (image.isBlank()) {
            throw new ApiException(HttpStatus.NOT_FOUND, "Image not found");
        }
        decoder.decode(image, "image");
        String model = text(body, "model", "clip");
        if (!model.equals("clip") && !model.equals("deepdanbooru")) {
            throw new ApiException(HttpStatus.NOT_FOUND, "Model not found");
        }
        throw notBuilt("interrogate: the " + (model.equals("clip") ? "CLIP interrogator (BLIP caption + CLIP"
                + " ranking)" : "DeepDanbooru tagger") + " is not built in sd-webui yet");
    }

    @Operation(summary = "Create Embedding", description = "Not built yet: 501.")
    @PostMapping("/create/embedding")
    Map<String, Object> createEmbedding(@RequestBody(required = false) JsonNode body) {
        throw notBuilt("create/embedding: creating textual-inversion embeddings is not built in sd-webui yet"
                + " (embeddings made elsewhere load from the embeddings folder)");
    }

    @Operation(summary = "Create Hypernetwork", description = "Not built yet: 501.")
    @PostMapping("/create/hypernetwork")
    Map<String, Object> createHypernetwork(@RequestBody(required = false) JsonNode body) {
        throw notBuilt("create/hypernetwork: creating hypernetworks is not built in sd-webui yet");
    }

    @Operation(summary = "Train Embedding", description = "Not built yet: 501.")
    @PostMapping("/train/embedding")
    Map<String, Object> trainEmbedding(@RequestBody(required = false) JsonNode body) {
        throw notBuilt("train/embedding: training (textual inversion) is not built in sd-webui yet");
    }

    @Operation(summary = "Train Hypernetwork", description = "Not built yet: 501.")
    @PostMapping("/train/hypernetwork")
    Map<String, Object> trainHypernetwork(@RequestBody(required = false) JsonNode body) {
        throw notBuilt("train/hypernetwork: hypernetwork training is not built in sd-webui yet");
    }

    private static ApiException notBuilt(String what) {
        return new ApiException(HttpStatus.NOT_IMPLEMENTED, what);
    }

    private static String text(JsonNode body, String field, String fallback) {
        JsonNode v = body == null ? null : body.get(field);
        return v == null || v.isNull() ? fallback : v.asText();
    }
}
