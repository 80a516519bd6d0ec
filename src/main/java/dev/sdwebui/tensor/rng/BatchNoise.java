package dev.sdwebui.tensor.rng;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;

/**
 * The noise of a batch: one {@link ImageNoise} per image, stacked to [B, C, h, w], so a batch
 * reproduces each image's single-image result (A1111 {@code ImageRNG.next}).
 */
public final class BatchNoise {

    private final List<ImageNoise> images;

    public BatchNoise(List<ImageNoise> images) {
        if (images.isEmpty()) {
            throw new IllegalArgumentException("a batch needs at least one image");
        }
        this.images = List.copyOf(images);
    }

    /** One {@link ImageNoise} per spec, all of latent shape [C, h, w]. */
    public static BatchNoise of(RandomSource source, List<NoiseSpec> specs, Shape imageShape) {
        return new BatchNoise(specs.stream().map(s -> new ImageNoise(source, s, imageShape)).toList());
    }

    public int size() {
        return images.size();
    }

    /** The next [B, C, h, w]; the first call gives the initial noise. */
    public NDArray next(NDManager manager) {
        try (NDManager scratch = manager.newSubManager()) {
            NDList parts = new NDList();
            for (ImageNoise image : images) {
                parts.add(image.next(scratch));
            }
            NDArray stacked = NDArrays.stack(parts);
            stacked.attach(manager);
            return stacked;
        }
    }
}
