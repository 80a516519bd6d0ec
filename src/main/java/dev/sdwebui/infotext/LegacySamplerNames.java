package dev.sdwebui.infotext;

import java.util.List;
import java.util.Map;

/**
 * Splits pre-1.9 sampler names ("DPM++ 2M Karras", "DPM++ 2M SDE Exponential", "LMS Karras") into
 * sampler and schedule type.
 * Ref: modules/sd_samplers.py get_sampler_and_scheduler, scheduler labels/names/aliases from
 * modules/sd_schedulers.py (v1.10): for each scheduler in order, the first of its name options that
 * ends the sampler name (after a space) is cut off and becomes the schedule type.
 */
final class LegacySamplerNames {

    /** label, name, aliases... in sd_schedulers.schedulers order. */
    private static final List<List<String>> SCHEDULERS = List.of(
            List.of("Automatic", "automatic"),
            List.of("Uniform", "uniform"),
            List.of("Karras", "karras"),
            List.of("Exponential", "exponential"),
            List.of("Polyexponential", "polyexponential"),
            List.of("SGM Uniform", "sgm_uniform", "SGMUniform"),
            List.of("KL Optimal", "kl_optimal"),
            List.of("Align Your Steps", "align_your_steps"),
            List.of("Simple", "simple"),
            List.of("Normal", "normal"),
            List.of("DDIM", "ddim"),
            List.of("Beta", "beta"));

    private LegacySamplerNames() {
    }

    static void split(Map<String, String> res) {
        String name = res.get("Sampler");
        if (name == null) {
            return;
        }
        String label = null;
        for (List<String> options : SCHEDULERS) {
            for (String option : options) {
                if (name.endsWith(" " + option)) {
                    label = options.get(0);
                    name = name.substring(0, name.length() - option.length() - 1);
                    break;
                }
            }
        }
        if (label != null) {
            res.put("Sampler", name);
            res.put("Schedule type", label);
        }
    }
}
