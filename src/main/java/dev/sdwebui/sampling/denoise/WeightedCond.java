package dev.sdwebui.sampling.denoise;

/**
 * One AND sub-prompt of an image: its row in the cond batch and its weight (A1111 conds_list entry
 * {@code (cond_index, weight)}).
 */
public record WeightedCond(int row, double weight) {

    public WeightedCond {
        if (row < 0) {
            throw new IllegalArgumentException("cond row must not be negative");
        }
        if (!Double.isFinite(weight)) {
            throw new IllegalArgumentException("AND weight must be finite");
        }
    }
}
