package dev.sdwebui.output;

import java.util.List;
import java.util.Objects;

/**
 * What the file-name pattern tags can refer to (A1111's {@code FilenameGenerator(p, seed, prompt, image)}).
 * A null field means A1111 would have no value: the tag stays in the name literally, as A1111 leaves
 * {@code [steps]} when there is no processing object (e.g. the extras tab).
 *
 * @param seed           this image's seed; null makes a short file name (no pattern), as in A1111
 * @param prompt         this image's prompt
 * @param negativePrompt the job's negative prompt ([negative_prompt_hash], [full_prompt_hash])
 * @param cfgScale       written with Python float formatting ("7.0")
 * @param stylePrompts   the prompt texts of the applied styles ([prompt_no_styles])
 * @param modelName      checkpoint file stem ({@code name_for_extra})
 * @param jobTimestamp   job start as {@code %Y%m%d%H%M%S}
 * @param allSeeds       all seeds of the job ([seed_first], [seed_last])
 * @param vaeFilename    loaded VAE file name, or null for none ("NoneType", as A1111 prints it)
 */
public record NamingContext(
        Long seed, String prompt, String negativePrompt, Integer steps, Double cfgScale, String sampler,
        List<String> styles, List<String> stylePrompts, String modelHash, String modelName, String jobTimestamp,
        int batchSize, int nIter, int iteration, int batchIndex, List<Long> allSeeds, Integer clipSkip,
        Double denoisingStrength, String user, String vaeFilename) {

    public NamingContext {
        styles = List.copyOf(Objects.requireNonNullElse(styles, List.of()));
        stylePrompts = List.copyOf(Objects.requireNonNullElse(stylePrompts, List.of()));
        allSeeds = List.copyOf(Objects.requireNonNullElse(allSeeds, seed == null ? List.of() : List.of(seed)));
        if (batchSize < 1 || nIter < 1 || iteration < 0 || batchIndex < 0) {
            throw new IllegalArgumentException("batch size and count must be >= 1 and indices >= 0");
        }
    }

    /** A context with only seed and prompt (one image, one batch). */
    public static NamingContext of(Long seed, String prompt) {
        return new NamingContext(seed, prompt, null, null, null, null, List.of(), List.of(), null, null, null, 1, 1,
                0, 0, null, null, null, null, null);
    }
}
