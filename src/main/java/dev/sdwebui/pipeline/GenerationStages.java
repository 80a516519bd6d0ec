package dev.sdwebui.pipeline;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.sdwebui.config.settings.A1111Settings;
import dev.sdwebui.output.SaveKind;
import dev.sdwebui.postprocess.ImageConversion;
import dev.sdwebui.prompt.cond.ChunkSettings;
import dev.sdwebui.prompt.cond.EmbeddingMatcher;
import dev.sdwebui.prompt.cond.EmphasisMode;
import dev.sdwebui.prompt.cond.MultiCondConditioning;
import dev.sdwebui.prompt.cond.PromptConditioner;
import dev.sdwebui.prompt.cond.ScheduleSpec;
import dev.sdwebui.prompt.cond.ScheduledConditioning;
import dev.sdwebui.queue.JobContext;
import dev.sdwebui.sampling.denoise.ConditioningSchedule;
import dev.sdwebui.sampling.denoise.MultiCond;
import dev.sdwebui.sampling.schedule.Scheduler;
import dev.sdwebui.tensor.rng.NoiseSpec;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * The stages img2img and the hires pass share with txt2img: conditioning, noise specs, decode,
 * infotext, saving, the result. Same behaviour as {@link Txt2ImgPipeline}'s private steps (Ref: A1111
 * {@code process_images_inner}); kept separate so txt2img's class stays untouched.
 */
final class GenerationStages {

    /** One iteration's conditioning. */
    record Conds(MultiCond cond, ConditioningSchedule uncond, int[] perImage) {
    }

    private final PipelineServices services;
    private final JobPlan plan;
    private final LoadedModel model;
    private final NDManager job;
    private final JobContext ctx;
    private final PromptConditioner conditioner;
    private final InfotextFactory infotexts;
    private final OutputStage out;
    private final LivePreview preview;
    private final SamplingRun decoder;
    private final ExtraNetworkStep networks;
    private final FamilyStrategy family;

    private GenerationStages(PipelineServices services, JobPlan plan, LoadedModel model, NDManager job, JobContext ctx,
                             SaveKind kind) {
        this.services = services;
        this.plan = plan;
        this.model = model;
        this.job = job;
        this.ctx = ctx;
        this.family = FamilyStrategy.of(model.model(), plan.settings());
        this.conditioner = new PromptConditioner(family.textEncoder(), services.tokenizer(), chunkSettings(plan),
                embeddings(services, family), job);
        this.infotexts = new InfotextFactory(plan, model, services.version());
        this.networks = new ExtraNetworkStep(services, plan, model.model());
        this.out = new OutputStage(services.saver(), plan, model, ctx.jobTimestamp(), kind);
        this.preview = new LivePreview(plan.settings().get(A1111Settings.SHOW_PROGRESS_EVERY_N_STEPS),
                plan.settings().get(A1111Settings.SHOW_PROGRESS_TYPE), plan.settings().bool("live_previews_enable", true),
                model.model().vae(), job);
        this.decoder = new SamplingRun(plan, model.model(), family.unet(), services.nanCheck(),
                services.batchCondUncond().getAsBoolean());
    }

    static GenerationStages of(PipelineServices services, JobPlan plan, LoadedModel model, NDManager job,
                               JobContext ctx, SaveKind kind) {
        return new GenerationStages(services, plan, model, job, ctx, kind);
    }

    /** The model family's conditioning, network call and parameterization for this job. */
    FamilyStrategy family() {
        return family;
    }

    InfotextFactory infotexts() {
        return infotexts;
    }

    LivePreview preview() {
        return preview;
    }

    /** Prompt schedules of iteration {@code it} for {@code steps} sampling steps. */
    Conds conds(int it, int steps, NDManager iter) {
        return condsFor(plan, it, steps, iter);
    }

    /** The same for another plan's prompts and sampler (the hires pass). */
    Conds condsFor(JobPlan p, int it, int steps, NDManager iter) {
        int total = p.sampler().secondOrder() ? steps * 2 : steps; // A1111 SamplerData.total_steps
        ScheduleSpec spec = ScheduleSpec.of(total);
        List<String> prompts = networks.prompts(p.slice(p.prompts(), it), conditioner, infotexts);
        List<ScheduledConditioning> uncond = conditioner.learned(p.slice(p.negativePrompts(), it), spec);
        MultiCondConditioning cond = conditioner.multicond(prompts, spec);
        infotexts.addExtras(conditioner.extraGenerationParams());
        MultiCond mc = StepConditioning.cond(cond, iter);
        int[] perImage = mc.perImage().stream().mapToInt(List::size).toArray();
        return new Conds(mc, StepConditioning.uncond(uncond, iter), perImage);
    }

    /** Per-image noise specs of iteration {@code it} (seed, variation, resize, ENSD). */
    List<NoiseSpec> noiseSpecs(int it) {
        return noiseSpecs(plan, it);
    }

    /** Per-image noise specs of {@code plan}'s iteration {@code it}; shared with txt2img. */
    static List<NoiseSpec> noiseSpecs(JobPlan plan, int it) {
        GenerationRequest r = plan.request();
        long ensd = plan.settings().get(A1111Settings.ETA_NOISE_SEED_DELTA);
        List<Long> seeds = plan.slice(plan.seeds(), it);
        List<Long> subseeds = plan.slice(plan.subseeds(), it);
        List<NoiseSpec> specs = new ArrayList<>();
        for (int i = 0; i < seeds.size(); i++) {
            specs.add(new NoiseSpec(seeds.get(i), subseeds.get(i), r.subseedStrength(), Math.max(0, r.seedResizeFromW()),
                    Math.max(0, r.seedResizeFromH()), ensd));
        }
        return specs;
    }

    /** latent [B, 4, h, w] -> 8-bit pictures. */
    List<BufferedImage> decode(NDArray latent, NDManager iter) {
        long[] s = latent.getShape().getShape();
        float[] pixels = decoder.decode(latent, iter);
        return ImageConversion.toImages(pixels, (int) s[0], (int) s[2] * 8, (int) s[3] * 8);
    }

    /** Infotext, save, and collect image {@code index} of the job. */
    void save(BufferedImage image, int index, List<BufferedImage> images, List<String> texts) {
        String text = infotexts.infotext(index);
        out.saveSample(image, index, text);
        images.add(image);
        texts.add(text);
    }

    GenerationResult finish(List<BufferedImage> images, List<String> texts, boolean stopped,
                            boolean inpaintingConditioning) {
        List<BufferedImage> shown = new ArrayList<>(images);
        List<String> shownTexts = new ArrayList<>(texts);
        int first = 0;
        BufferedImage grid = texts.isEmpty() ? null : out.grid(images, texts.get(0));
        if (grid != null) {
            shown.add(0, grid);
            shownTexts.add(0, texts.get(0));
            first = 1;
        }
        if (services.promptHistory() && !texts.isEmpty()) {
            services.saver().writeLastParameters(texts.get(0));
        }
        GenerationRequest r = plan.request();
        Object denoising = infotexts.extras().get("Denoising strength");
        GenerationInfo info = new GenerationInfo(plan.prompt(), plan.prompts(), plan.negativePrompt(),
                plan.negativePrompts(), plan.seeds().get(0), plan.seeds(), plan.subseeds().get(0), plan.subseeds(),
                r.subseedStrength(), r.width(), r.height(), plan.sampler().name(),
                plan.scheduler() == Scheduler.AUTOMATIC ? null : plan.scheduler().label(), r.cfgScale(), r.steps(),
                r.batchSize(), r.restoreFaces(), null, model.nameForExtra(), model.shortHash(), null, null,
                r.seedResizeFromW(), r.seedResizeFromH(), denoising instanceof Number n ? n.doubleValue() : null,
                infotexts.extras(), first, shownTexts, r.styles(), ctx.jobTimestamp(), plan.clipSkip(),
                inpaintingConditioning, services.version());
        return new GenerationResult(shown, shownTexts, info, out.saved(), stopped, PhaseTimings.ZERO,
                networks.comments());
    }

    /** Emphasis mode, comma back-tracking and CLIP skip of the job (shared with txt2img). */
    static ChunkSettings chunkSettings(JobPlan plan) {
        JobSettings s = plan.settings();
        return new ChunkSettings(EmphasisMode.fromLabel(s.get(A1111Settings.EMPHASIS)),
                s.get(A1111Settings.COMMA_PADDING_BACKTRACK), plan.clipSkip());
    }

    /** The loaded embeddings of the text encoder's width (shared with txt2img). */
    static EmbeddingMatcher embeddings(PipelineServices services, FamilyStrategy family) {
        if (services.embeddings() == null) {
            return EmbeddingMatcher.NONE;
        }
        // A1111 re-scans the embeddings folder before each generation (load_textual_inversion_embeddings).
        services.embeddings().refresh();
        int width = family.embeddingWidth();
        return EmbeddingMatcher.of(services.tokenizer(), services.embeddings().loaded().values().stream()
                .filter(e -> e.width() == width).toList());
    }
}
