package dev.sdwebui.model.merge;

import dev.sdwebui.model.registry.CheckpointInfo;
import java.util.Objects;

/**
 * What to merge: A1111's Checkpoint Merger fields ({@code modules/extras.py run_modelmerger} parameters).
 *
 * @param primary            model A (required)
 * @param secondary          model B (Weighted sum, Add difference), else ignored
 * @param tertiary           model C (Add difference), else ignored
 * @param method             interpolation method
 * @param multiplier         M: the weight of B in a weighted sum, of (B - C) in add difference
 * @param saveAsHalf         float32 tensors of the result become float16 (A1111 to_half)
 * @param customName         output file name without extension, or "" for A1111's generated name
 * @param configSource       0 "A, B or C", 1 "B", 2 "C", 3 "Don't": whose .yaml is copied beside the result
 * @param discardWeights     regex; matching keys are left out of the result ("" keeps all)
 * @param saveMetadata       write safetensors metadata at all
 * @param addMergeRecipe     with saveMetadata: sd_merge_recipe and sd_merge_models
 * @param copyMetadataFields with saveMetadata: copy the inputs' metadata first
 * @param metadataJson       with saveMetadata: a JSON object of extra metadata ("{}" for none)
 */
public record MergeSpec(CheckpointInfo primary, CheckpointInfo secondary, CheckpointInfo tertiary, MergeMethod method,
                        double multiplier, boolean saveAsHalf, String customName, int configSource,
                        String discardWeights, boolean saveMetadata, boolean addMergeRecipe,
                        boolean copyMetadataFields, String metadataJson) {

    public MergeSpec {
        Objects.requireNonNull(method, "method");
        customName = customName == null ? "" : customName;
        discardWeights = discardWeights == null ? "" : discardWeights;
        metadataJson = metadataJson == null || metadataJson.isBlank() ? "{}" : metadataJson;
        if (!method.needsSecondary()) {
            secondary = null;
        }
        if (!method.needsTertiary()) {
            tertiary = null;
        }
    }
}
