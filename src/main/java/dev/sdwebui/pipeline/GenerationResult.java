package dev.sdwebui.pipeline;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A finished (or interrupted) txt2img job.
 *
 * @param images      the pictures to show/return: a grid first when {@code info.indexOfFirstImage() == 1}
 * @param infotexts   the "parameters" text of each entry of {@code images}
 * @param info        A1111's {@code Processed} fields
 * @param savedFiles  files written under outputs/ (empty when saving is off)
 * @param interrupted the job was interrupted or skipped before it finished every step
 * @param timings     time per phase
 * @param comments    A1111's comments shown under the infotext ("Lora not found: x"), not part of it
 */
public record GenerationResult(List<BufferedImage> images, List<String> infotexts, GenerationInfo info,
                               List<Path> savedFiles, boolean interrupted, PhaseTimings timings,
                               List<String> comments) {

    public GenerationResult(List<BufferedImage> images, List<String> infotexts, GenerationInfo info,
                            List<Path> savedFiles, boolean interrupted, PhaseTimings timings) {
        this(images, infotexts, info, savedFiles, interrupted, timings, List.of());
    }

    public GenerationResult {
        comments = comments == null ? List.of() : List.copyOf(comments);
        images = List.copyOf(images);
        infotexts = List.copyOf(infotexts);
        savedFiles = List.copyOf(savedFiles);
        Objects.requireNonNull(info, "info");
        if (images.size() != infotexts.size()) {
            throw new IllegalArgumentException("one infotext per image");
        }
    }
}
