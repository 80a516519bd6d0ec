package dev.sdwebui.prompt.cond;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.sdwebui.prompt.parse.WeightedIndex;
import java.util.ArrayList;
import java.util.List;

/**
 * Per image of a batch, the AND sub-prompts with their schedules and weights.
 * Ref: A1111 prompt_parser.py {@code MulticondLearnedConditioning}.
 */
public record MultiCondConditioning(List<List<ComposableConditioning>> batch) {

    public MultiCondConditioning {
        batch = batch.stream().map(List::copyOf).toList();
    }

    /** Number of conditionings the UNet sees per step for the positive side (all sub-prompts). */
    public int condCount() {
        return batch.stream().mapToInt(List::size).sum();
    }

    /**
     * Tensors for 1-based step {@code step}: stacked {@code [N, T, C]} attached to {@code target}
     * (the step's sub-manager) and per-image (row, weight) lists.
     */
    public CondBatch at(int step, NDManager target) {
        List<NDArray> tensors = new ArrayList<>();
        List<List<WeightedIndex>> condsList = new ArrayList<>();
        for (List<ComposableConditioning> image : batch) {
            List<WeightedIndex> forImage = new ArrayList<>();
            for (ComposableConditioning c : image) {
                forImage.add(new WeightedIndex(tensors.size(), c.weight()));
                tensors.add(c.schedule().at(step));
            }
            condsList.add(forImage);
        }
        return new CondBatch(ScheduledConditioning.Stacking.stack(tensors, target), condsList);
    }
}
