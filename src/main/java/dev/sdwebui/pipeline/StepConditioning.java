package dev.sdwebui.pipeline;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.sdwebui.prompt.cond.ComposableConditioning;
import dev.sdwebui.prompt.cond.MultiCondConditioning;
import dev.sdwebui.prompt.cond.ScheduledConditioning;
import dev.sdwebui.sampling.denoise.ConditioningSchedule;
import dev.sdwebui.sampling.denoise.MultiCond;
import dev.sdwebui.sampling.denoise.WeightedCond;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * The prompt package's scheduled conditionings as the sampling package's per-step schedules.
 * The CFG denoiser asks with its 0-based call counter and A1111 looks the schedule up with that
 * same counter ({@code reconstruct_multicond_batch(cond, self.step)}, first entry with
 * {@code step <= end_at_step}), so the counter is passed through unchanged. Stacked tensors are
 * built once per distinct combination of schedule entries and live in the job's manager (the
 * denoiser copies what it uses into its step scope), so nothing accumulates per step.
 */
final class StepConditioning {

    private StepConditioning() {
    }

    /** Negative prompts: [B, T, C] per step. */
    static ConditioningSchedule uncond(List<ScheduledConditioning> batch, NDManager job) {
        List<ScheduledConditioning> all = List.copyOf(batch);
        return cached(step -> all.stream().map(s -> s.entries().indexOf(s.entryAt(step))).toList(),
                step -> ScheduledConditioning.batchAt(all, step, job));
    }

    /** Positive prompts with AND sub-prompts: rows [N, T, C] per step and each image's (row, weight). */
    static MultiCond cond(MultiCondConditioning multi, NDManager job) {
        List<ScheduledConditioning> flat = new ArrayList<>();
        List<List<WeightedCond>> perImage = new ArrayList<>();
        for (List<ComposableConditioning> image : multi.batch()) {
            List<WeightedCond> rows = new ArrayList<>();
            for (ComposableConditioning c : image) {
                rows.add(new WeightedCond(flat.size(), c.weight()));
                flat.add(c.schedule());
            }
            perImage.add(rows);
        }
        ConditioningSchedule rows = cached(
                step -> flat.stream().map(s -> s.entries().indexOf(s.entryAt(step))).toList(),
                step -> multi.at(step, job).tensor());
        return new MultiCond(rows, perImage);
    }

    private static ConditioningSchedule cached(IntFunction<List<Integer>> key, IntFunction<NDArray> build) {
        Map<List<Integer>, NDArray> cache = new HashMap<>();
        return step -> cache.computeIfAbsent(key.apply(step), k -> build.apply(step));
    }
}
