package dev.sdwebui.model.detect;

import java.util.List;
import java.util.Objects;

/**
 * What {@link ModelDetector} concluded, and why.
 *
 * @param family     the model family
 * @param prediction eps or v
 * @param reasons    the evidence, one short line each ("cond_stage_model.model.* present: OpenCLIP text encoder")
 */
public record ModelDetection(ModelFamily family, PredictionType prediction, List<String> reasons) {

    public ModelDetection {
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(prediction, "prediction");
        reasons = List.copyOf(reasons);
    }

    /** A user-facing sentence: "SDXL detected: not supported yet (...)" or "SD 1.x (eps)". */
    public String describe() {
        if (family.runnable()) {
            return family.displayName() + " (" + prediction.name().toLowerCase(java.util.Locale.ROOT) + ")";
        }
        if (family == ModelFamily.UNKNOWN) {
            return "not a Stable Diffusion 1.x checkpoint: " + String.join("; ", reasons);
        }
        return family.displayName() + " detected: not supported yet (this version runs SD 1.x checkpoints only)";
    }
}
