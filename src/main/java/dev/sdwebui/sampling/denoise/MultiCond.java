package dev.sdwebui.sampling.denoise;

import java.util.List;

/**
 * The positive conditioning of a batch: rows of every sub-prompt of every image (a
 * {@link ConditioningSchedule} of [N, T, C]) and, per image, which rows it combines with which
 * weight (A1111 {@code MulticondLearnedConditioning}, composable diffusion "AND"). Rows of image i
 * must come after those of image i-1, as A1111 stacks them.
 */
public record MultiCond(ConditioningSchedule rows, List<List<WeightedCond>> perImage) {

    public MultiCond {
        if (perImage.isEmpty() || perImage.stream().anyMatch(List::isEmpty)) {
            throw new IllegalArgumentException("every image needs at least one conditioning row");
        }
        perImage = perImage.stream().map(List::copyOf).toList();
    }

    /** One prompt per image with weight 1: image i uses row i. */
    public static MultiCond simple(ConditioningSchedule rows, int batch) {
        return new MultiCond(rows, java.util.stream.IntStream.range(0, batch)
                .mapToObj(i -> List.of(new WeightedCond(i, 1.0))).toList());
    }

    public int batchSize() {
        return perImage.size();
    }

    /** Total rows over all images (sum of sub-prompt counts). */
    public int rowCount() {
        return perImage.stream().mapToInt(List::size).sum();
    }
}
