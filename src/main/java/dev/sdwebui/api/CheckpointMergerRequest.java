package dev.sdwebui.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * {@code POST /sdapi/v2/checkpoint-merger}: the fields of A1111's Checkpoint Merger tab, named as the
 * parameters of {@code modules/extras.py run_modelmerger}. Omitted fields take the tab's defaults
 * (Weighted sum, multiplier 0.3, safetensors, config from "A, B or C", metadata with the merge recipe).
 * {@code config_source} is the radio's index 0-3 or its label ("A, B or C", "B", "C", "Don't").
 */
@Schema(name = "CheckpointMergerRequest")
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = true)
public record CheckpointMergerRequest(
        String primaryModelName, String secondaryModelName, String tertiaryModelName, String interpMethod,
        Double multiplier, Boolean saveAsHalf, String customName, String checkpointFormat, Object configSource,
        String bakeInVae, String discardWeights, Boolean saveMetadata, Boolean addMergeRecipe,
        Boolean copyMetadataFields, String metadataJson) {
}
