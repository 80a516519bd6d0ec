package dev.sdwebui.model.detect;

import java.util.List;
import java.util.Objects;

/**
 * What {@link ModelDetector} concluded, and why.
 *
 * @param family     the model family
 * @param prediction eps or v
 * @param reasons    the evidence, one short line each ("cond_stage_model.model.* present: OpenCLIP text encoder")
 * @param predictionFromConfig the prediction type came from a config yaml beside the file (it then wins over
 *                   A1111's SD 2.x v-test, which runs the UNet and so happens at load)
 */
public record ModelDetection(ModelFamily family, PredictionType prediction, List<String> reasons,
                             boolean predictionFromConfig) {

    public ModelDetection {
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(prediction, "prediction");
        reasons = List.copyOf(reasons);
    }

    public ModelDetection(ModelFamily family, PredictionType prediction, List<String> reasons) {
        this(family, prediction, reasons, false);
    }

    /** The same detection with the prediction type settled at load (the SD 2.x v-test). */
    public ModelDetection withPrediction(PredictionType p, String reason) {
        List<String> more = new java.util.ArrayList<>(reasons);
        more.add(reason);
        return new ModelDetection(family, p, more, predictionFromConfig);
    }

    /** A user-facing sentence: "SDXL detected: not supported yet (...)" or "SD 1.x (eps)". */
    public String describe() {
        if (family.runnable()) {
            return family.displayName() + " (" + prediction.name().toLowerCase(java.util.Locale.ROOT) + ")";
        }
        if (family == ModelFamily.UNKNOWN) {
            return "not a Stable Diffusion checkpoint this version can run: " + String.join("; ", reasons);
        }
        return family.displayName() + " detected: not supported (this version runs SD 1.x, SD 2.x and SDXL base/refiner"
                + " checkpoints)";
    }
}
