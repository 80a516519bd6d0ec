package dev.sdwebui.prompt.cond;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.sdwebui.model.embedding.TextualInversion;
import dev.sdwebui.prompt.parse.MultiCond;
import dev.sdwebui.prompt.parse.MultiCondPrompts;
import dev.sdwebui.prompt.parse.PromptScheduler;
import dev.sdwebui.prompt.parse.ScheduledText;
import dev.sdwebui.prompt.parse.WeightedIndex;
import dev.sdwebui.prompt.token.ClipTokenizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Prompts to conditioning for one generation job: prompt schedules, AND sub-prompts, emphasis,
 * long prompts and embeddings. Identical (prompt, schedule) pairs are encoded once and shared across
 * steps and images. All tensors live in the {@code manager} given at construction (the job's):
 * closing it frees them. Not thread-safe (one job, one worker thread).
 *
 * <p>Ref: A1111 prompt_parser.py {@code get_learned_conditioning} (negative prompts) and
 * {@code get_multicond_learned_conditioning} (positive prompts).
 */
public final class PromptConditioner {

    private record Key(String prompt, ScheduleSpec spec, boolean negative) {
    }

    private record Encoded(List<ScheduledText> schedule, List<String> texts, EncodedPrompts prompts) {
    }

    private final PromptEncoder encoder;
    private final TextEncoder textEncoder;
    private final ChunkSettings settings;
    private final NDManager manager;
    private final Map<Key, ScheduledConditioning> cache = new HashMap<>();
    private final Map<Key, Encoded> encoded = new HashMap<>(); // by (prompt, spec): positive and negative share it
    private final Map<String, TextualInversion> used = new LinkedHashMap<>();
    private boolean emphasisParamNeeded;

    public PromptConditioner(TextEncoder textEncoder, ClipTokenizer tokenizer, ChunkSettings settings,
            EmbeddingMatcher embeddings, NDManager manager) {
        this.textEncoder = textEncoder;
        this.encoder = new PromptEncoder(textEncoder, new PromptChunker(tokenizer, settings, embeddings), settings);
        this.settings = settings;
        this.manager = manager;
    }

    /** One prompt's schedule of conditionings (no AND splitting: the negative prompt's path). */
    public ScheduledConditioning learned(String prompt, ScheduleSpec spec) {
        return learned(prompt, spec, true);
    }

    /** @param negative A1111's is_negative_prompt (SDXL zeroes an empty negative prompt, see TextEncoder#finish) */
    private ScheduledConditioning learned(String prompt, ScheduleSpec spec, boolean negative) {
        Key key = new Key(prompt, spec, negative);
        ScheduledConditioning hit = cache.get(key);
        if (hit != null) {
            return hit;
        }
        Encoded e = encoded.computeIfAbsent(new Key(prompt, spec, false), k -> encode(prompt, spec));
        List<ScheduledText> schedule = e.schedule();
        List<String> texts = e.texts();
        EncodedPrompts enc = e.prompts();
        NDArray finished = textEncoder.finish(enc.cond(), texts, negative);
        if (finished != enc.cond()) {
            enc = new EncodedPrompts(finished, enc.usedEmbeddings(), enc.tokenCount());
        }
        List<ScheduledConditioning.Entry> entries = new ArrayList<>();
        for (int i = 0; i < schedule.size(); i++) {
            NDArray row = enc.cond().get(i); // [77*k, C], a view in the same manager
            entries.add(new ScheduledConditioning.Entry(schedule.get(i).endAtStep(), texts.get(i), row));
        }
        ScheduledConditioning result = new ScheduledConditioning(entries);
        cache.put(key, result);
        return result;
    }

    private Encoded encode(String prompt, ScheduleSpec spec) {
        List<ScheduledText> schedule = PromptScheduler.schedule(prompt, spec.steps(), spec.hiresSteps(),
                spec.useOldScheduling());
        List<String> texts = schedule.stream().map(ScheduledText::text).toList();
        EncodedPrompts enc = encoder.encode(texts, manager);
        enc.usedEmbeddings().forEach(x -> used.put(x.name(), x));
        if (settings.emphasis() != EmphasisMode.ORIGINAL
                && texts.stream().anyMatch(t -> t.contains("(") || t.contains("["))) {
            emphasisParamNeeded = true;
        }
        return new Encoded(schedule, texts, enc);
    }

    /** Per batch image, the negative prompt's schedule. */
    public List<ScheduledConditioning> learned(List<String> prompts, ScheduleSpec spec) {
        return prompts.stream().map(p -> learned(p, spec)).toList();
    }

    /** Positive prompts: AND-split, each sub-prompt scheduled, with weights. */
    public MultiCondConditioning multicond(List<String> prompts, ScheduleSpec spec) {
        MultiCondPrompts split = MultiCond.split(prompts);
        List<ScheduledConditioning> flat = split.flat().stream().map(p -> learned(p, spec, false)).toList();
        List<List<ComposableConditioning>> batch = new ArrayList<>();
        for (List<WeightedIndex> image : split.indexes()) {
            batch.add(image.stream().map(w -> new ComposableConditioning(flat.get(w.index()), w.weight())).toList());
        }
        return new MultiCondConditioning(batch);
    }

    /**
     * Forgets every conditioning encoded so far (the text encoder's weights changed, e.g. a LoRA was
     * applied); A1111 keys its cond cache by the extra-network data for the same reason.
     */
    public void clear() {
        cache.clear();
    }

    /** Embeddings used so far by this job, by name. */
    public Map<String, TextualInversion> usedEmbeddings() {
        return java.util.Collections.unmodifiableMap(used);
    }

    /**
     * Infotext fields this job adds: {@code TI hashes} ("name: shorthash, ...", names without
     * {@code :} and {@code ,}) and {@code Emphasis} when a non-default mode met brackets.
     * Ref: A1111 sd_hijack_clip.py {@code forward} (extra_generation_params).
     */
    public Map<String, String> extraGenerationParams() {
        Map<String, String> out = new LinkedHashMap<>();
        String hashes = TiHashes.format(used.values());
        if (!hashes.isEmpty()) {
            out.put("TI hashes", hashes);
        }
        if (emphasisParamNeeded) {
            out.put("Emphasis", settings.emphasis().label());
        }
        return out;
    }
}
