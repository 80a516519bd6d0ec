package dev.sdwebui.pipeline;

import dev.sdwebui.config.settings.A1111Settings;
import dev.sdwebui.config.styles.StylesStore;
import dev.sdwebui.prompt.parse.PromptComments;
import dev.sdwebui.prompt.style.PromptStyle;
import dev.sdwebui.prompt.style.Styles;
import dev.sdwebui.sampling.SamplerChoice;
import dev.sdwebui.sampling.SamplerInfo;
import dev.sdwebui.sampling.schedule.Scheduler;
import dev.sdwebui.tensor.rng.Seeds;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * A request resolved for running: styled prompts per image, seeds per image (A1111
 * {@code process_images_inner} set-up), the sampler and scheduler, and the job's settings.
 *
 * @param scheduleLabel what infotext "Schedule type" says: the scheduler's label, or null when the
 *                      request named none (A1111's API leaves {@code p.scheduler} unset then)
 */
record JobPlan(GenerationRequest request, JobSettings settings, SamplerInfo sampler, Scheduler scheduler,
               String scheduleLabel, String prompt, String negativePrompt, List<String> prompts,
               List<String> negativePrompts, List<Long> seeds, List<Long> subseeds, List<String> stylePrompts,
               int clipSkip) {

    static JobPlan of(GenerationRequest r, JobSettings settings, SamplerChoice choice, StylesStore store,
                      RandomGenerator random) {
        List<PromptStyle> styles = new ArrayList<>();
        for (String name : r.styles()) {
            store.find(name).ifPresent(s -> styles.add(new PromptStyle(s.name(), s.prompt(), s.negativePrompt())));
        }
        String prompt = Styles.applyToPrompt(r.prompt(), styles);
        String negative = Styles.applyToNegativePrompt(r.negativePrompt(), styles);
        if (settings.bool("enable_prompt_comments", true)) {
            // Ref: A1111 processing_scripts/comments.py process(): all (negative) prompts and the main ones
            // lose their comments before anything else sees them (infotext included).
            prompt = PromptComments.strip(prompt);
            negative = PromptComments.strip(negative);
        }
        int n = r.batchSize() * r.nIter();
        // Ref: A1111 processing.py get_fixed_seed + process_images_inner: all_seeds = seed + i (same
        // seed for all when a variation strength is set), all_subseeds = subseed + i.
        long seed = Seeds.resolve(r.seed(), random);
        long subseed = Seeds.resolve(r.subseed(), random);
        List<Long> seeds = Seeds.imageSeeds(seed, n, r.subseedStrength());
        List<Long> subseeds = Seeds.imageSubseeds(subseed, n);
        String label = choice.scheduler() == Scheduler.AUTOMATIC
                && (r.scheduler() == null || r.scheduler().isBlank()) ? null : choice.scheduler().label();
        List<String> stylePrompts = styles.stream().map(PromptStyle::prompt).toList();
        int clipSkip = Math.max(1, settings.get(A1111Settings.CLIP_STOP_AT_LAST_LAYERS));
        return new JobPlan(r, settings, choice.sampler(), choice.scheduler(), label, prompt, negative,
                Collections.nCopies(n, prompt), Collections.nCopies(n, negative), seeds, subseeds, stylePrompts,
                clipSkip);
    }

    /** Images [from, from + batch) of iteration {@code it}. */
    int from(int it) {
        return it * request.batchSize();
    }

    <T> List<T> slice(List<T> all, int it) {
        return all.subList(from(it), from(it) + request.batchSize());
    }
}
