package dev.sdwebui.prompt.cond;

import ai.djl.ndarray.NDArray;
import dev.sdwebui.prompt.parse.WeightedIndex;
import java.util.List;

/**
 * What the CFG denoiser needs at one step: {@code tensor} {@code [N, T, C]} with every sub-prompt of
 * every image, and per image the (row in tensor, weight) pairs. The denoiser combines
 * {@code uncond + sum_i w_i * cfg * (cond_i - uncond)}. Ref: A1111 {@code reconstruct_multicond_batch}
 * ({@code conds_list}, stacked tensor).
 */
public record CondBatch(NDArray tensor, List<List<WeightedIndex>> condsList) {
    public CondBatch {
        condsList = condsList.stream().map(List::copyOf).toList();
    }
}
