package dev.sdwebui.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.Map;

/** A1111's {@code ProgressResponse} for {@code GET /sdapi/v1/progress}. */
@Schema(name = "ProgressResponse")
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ProgressResponse(
        double progress,
        @JsonProperty("eta_relative") double etaRelative,
        Map<String, Object> state,
        @JsonProperty("current_image") String currentImage,
        String textinfo,
        @JsonProperty("current_task") String currentTask) {
}
