package dev.sdwebui.pipeline;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.sdwebui.config.settings.A1111Settings;
import dev.sdwebui.postprocess.ImageConversion;
import dev.sdwebui.prompt.cond.MultiCondConditioning;
import dev.sdwebui.prompt.cond.PromptConditioner;
import dev.sdwebui.prompt.cond.ScheduleSpec;
import dev.sdwebui.prompt.cond.ScheduledConditioning;
import dev.sdwebui.queue.JobContext;
import dev.sdwebui.queue.JobSpec;
import dev.sdwebui.sampling.SamplerChoice;
import dev.sdwebui.sampling.denoise.NoisePredictor;
import dev.sdwebui.sampling.schedule.Scheduler;
import dev.sdwebui.tensor.rng.BatchNoise;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * txt2img, orchestration only: styles -> prompt schedules -> conditioning (nn CLIP) -> per-image noise
 * -> sampler with CFG over the UNet -> VAE decode -> 8-bit images -> infotext -> saved files.
 * Ref: A1111 processing.py {@code process_images_inner} (v1.10). Runs on the queue's worker thread:
 * {@link #job} wraps a request as a queue item.
 */
public final class Txt2ImgPipeline {

    private static final Logger LOG = LoggerFactory.getLogger(Txt2ImgPipeline.class);
    private final PipelineServices services;
    private final UnaryOperator<NoisePredictor> unetHook;
    private final HiresOptions hires;
    private final RefinerOptions refiner;
    private PhaseTimings timings = PhaseTimings.ZERO; // the running job's (one job at a time: the worker)

    public Txt2ImgPipeline(PipelineServices services) {
        this(services, UnaryOperator.identity());
    }

    /** @param unetHook wraps the UNet call (tests observe the conditioning the UNet receives) */
    public Txt2ImgPipeline(PipelineServices services, UnaryOperator<NoisePredictor> unetHook) {
        this(services, unetHook, null, null);
    }

    private Txt2ImgPipeline(PipelineServices services, UnaryOperator<NoisePredictor> unetHook, HiresOptions hires,
                            RefinerOptions refiner) {
        this.services = Objects.requireNonNull(services, "services");
        this.unetHook = Objects.requireNonNull(unetHook, "unetHook");
        this.hires = hires;
        this.refiner = refiner;
    }

    /**
     * This pipeline with the hires fix (A1111 enable_hr) for the jobs it makes.
     *
     * @throws IllegalArgumentException for an unknown hires upscaler or sampler
     */
    public Txt2ImgPipeline withHires(HiresOptions options) {
        if (options != null) {
            HiresHook.validate(services, options);
        }
        if (options != null && refiner != null) {
            throw new IllegalArgumentException("the refiner with the hires fix is not supported yet");
        }
        return new Txt2ImgPipeline(services, unetHook, options, refiner);
    }

    /**
     * This pipeline with A1111's Refiner (refiner_checkpoint, refiner_switch_at) for the jobs it makes.
     *
     * @throws IllegalArgumentException together with the hires fix (not supported yet)
     */
    public Txt2ImgPipeline withRefiner(RefinerOptions options) {
        if (options != null && hires != null) {
            throw new IllegalArgumentException("the refiner with the hires fix is not supported yet");
        }
        return new Txt2ImgPipeline(services, unetHook, hires, options);
    }

    /** A queue item that runs the request. */
    public JobSpec<GenerationResult> job(GenerationRequest request) {
        return JobSpec.<GenerationResult>of("txt2img", ctx -> run(request, ctx)).withPrompt(request.prompt());
    }

    /**
     * The checks that need no model, done before queueing so the caller gets a 400 at once.
     *
     * @throws IllegalArgumentException with a user-facing message
     */
    public void validate(GenerationRequest r) {
        if (r.width() % 8 != 0 || r.height() % 8 != 0) {
            throw new IllegalArgumentException("width and height must be multiples of 8, got " + r.width() + "x"
                    + r.height());
        }
        if (r.nIter() > services.maxBatchCount()) {
            throw new IllegalArgumentException("n_iter " + r.nIter() + " is more than --max-batch-count "
                    + services.maxBatchCount());
        }
        if (r.subseedStrength() < 0 || r.subseedStrength() > 1) {
            throw new IllegalArgumentException("subseed_strength must be between 0 and 1");
        }
        SamplerResolver.require(services.samplers(), r.samplerName());
        if (refiner != null && !services.models().hasCheckpoint(refiner.checkpoint())) {
            throw new IllegalArgumentException("Refiner checkpoint not found: " + refiner.checkpoint());
        }
    }

    /** Runs the whole job on the calling (worker) thread. */
    public GenerationResult run(GenerationRequest r, JobContext ctx) {
        InferenceThread.enter();
        validate(r);
        JobSettings settings = JobSettings.of(services.settings(), services.registry(), r.overrideSettings());
        SamplerChoice choice = services.samplers().split(r.samplerName(), r.scheduler(), false);
        JobPlan plan = JobPlan.of(r, settings, choice, services.styles(), services.random());
        if (r.restoreFaces()) {
            LOG.warn("restore_faces: face restoration is not available in this build; images are not restored");
        }
        ctx.setJobCount(r.nIter());
        if (services.models().current().isEmpty()) {
            ctx.textinfo("Loading model...");
        }
        Object ckpt = r.overrideSettings().get(A1111Settings.SD_MODEL_CHECKPOINT.key());
        long t0 = System.nanoTime();
        LoadedModel model = services.models().require(ckpt == null ? null : ckpt.toString());
        timings = new PhaseTimings(ms(t0), 0, 0, 0, 0);
        try (NDManager job = NDManager.newBaseManager(model.model().djlDevice()); Tiling tiling = Tiling.apply(model.model(), r.tiling())) {
            GenerationResult result = generate(plan, model, job, ctx);
            LOG.info("{} {}x{} {} steps x{}: {}", ctx.jobId(), r.width(), r.height(), r.steps(),
                    r.batchSize() * r.nIter(), result.timings());
            return result;
        }
    }

    private GenerationResult generate(JobPlan plan, LoadedModel model, NDManager job, JobContext ctx) {
        GenerationRequest r = plan.request();
        FamilyStrategy family = FamilyStrategy.of(model.model(), plan.settings());
        PromptConditioner conditioner = new PromptConditioner(family.textEncoder(), services.tokenizer(),
                GenerationStages.chunkSettings(plan), GenerationStages.embeddings(services, family), job);
        InfotextFactory infotexts = new InfotextFactory(plan, model, services.version());
        ExtraNetworkStep networks = new ExtraNetworkStep(services, plan, model.model());
        OutputStage out = new OutputStage(services.saver(), plan, model, ctx.jobTimestamp());
        NoisePredictor unet = unetHook.apply(family.unet());
        SamplingRun run = new SamplingRun(plan, model.model(), unet, services.nanCheck(),
                services.batchCondUncond().getAsBoolean());
        infotexts.addExtras(run.infotext());
        HiresHook hr = HiresHook.create(services, plan, hires, model, unet, job, ctx);
        RefinerPass refinerPass = RefinerPass.create(services, plan, refiner, job);
        if (hr != null) {
            infotexts.addExtras(hr.infotext());
        }
        LivePreview preview = new LivePreview(plan.settings().get(A1111Settings.SHOW_PROGRESS_EVERY_N_STEPS),
                plan.settings().get(A1111Settings.SHOW_PROGRESS_TYPE), plan.settings().bool("live_previews_enable", true),
                model.model().vae(), job);
        List<BufferedImage> images = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        boolean stopped = false;
        for (int it = 0; it < r.nIter(); it++) {
            if (ctx.isInterrupted()) {
                stopped = true;
                break;
            }
            stopped |= iteration(plan, it, conditioner, networks, infotexts, run, preview, job, ctx, images, texts,
                    out, hr, refinerPass);
            ctx.nextJob();
        }
        return finish(plan, model, ctx, images, texts, out, infotexts, stopped, networks.comments());
    }

    /** One batch; returns whether it was cut short by interrupt/skip. */
    private boolean iteration(JobPlan plan, int it, PromptConditioner conditioner, ExtraNetworkStep networks,
                              InfotextFactory infotexts,
                              SamplingRun run, LivePreview preview, NDManager job, JobContext ctx,
                              List<BufferedImage> images, List<String> texts, OutputStage out, HiresHook hr,
                              RefinerPass refinerPass) {
        GenerationRequest r = plan.request();
        int steps = plan.sampler().secondOrder() ? r.steps() * 2 : r.steps(); // A1111 SamplerData.total_steps
        ScheduleSpec spec = ScheduleSpec.of(steps);
        List<Long> seeds = plan.slice(plan.seeds(), it);
        try (NDManager iter = job.newSubManager()) {
            long t0 = System.nanoTime();
            List<String> prompts = networks.prompts(plan.slice(plan.prompts(), it), conditioner, infotexts);
            List<ScheduledConditioning> uncond = conditioner.learned(plan.slice(plan.negativePrompts(), it), spec);
            MultiCondConditioning cond = conditioner.multicond(prompts, spec);
            infotexts.addExtras(conditioner.extraGenerationParams());
            long t1 = System.nanoTime();
            BatchNoise noise = BatchNoise.of(services.randomSources().byName(plan.settings().get(A1111Settings.RANDN_SOURCE)),
                    GenerationStages.noiseSpecs(plan, it), SamplingRun.latentShape(r.width(), r.height()));
            NDArray x = noise.next(iter);
            SamplingRun.SwitchFactory switchTo = refinerPass == null ? null
                    : (cfg, table, timesteps) -> refinerPass.wrap(cfg, table, plan, it, spec, iter, timesteps);
            NDArray latent = run.sample(x, StepConditioning.cond(cond, iter), StepConditioning.uncond(uncond, iter),
                    noise, seeds, iter, ctx, preview, switchTo);
            boolean refined = run.refinerSwitched();
            if (refined) {
                infotexts.addExtras(refinerPass.infotext());
            }
            if (hr != null && !ctx.isInterrupted() && !ctx.isSkipped()) {
                latent = hr.apply(latent, it, iter, ctx); // A1111 sample_hr_pass (img2img/HiresPass)
                infotexts.addExtras(hr.infotext());
            }
            boolean stopped = ctx.isInterrupted() || ctx.isSkipped();
            long t2 = System.nanoTime();
            ctx.textinfo("Decoding");
            float[] pixels = refined ? SamplingRun.decode(latent, iter, refinerPass.model().model()) : run.decode(latent, iter);
            List<BufferedImage> batch = ImageConversion.toImages(pixels, r.batchSize(),
                    (int) latent.getShape().get(2) * 8, (int) latent.getShape().get(3) * 8);
            long t3 = System.nanoTime();
            for (int i = 0; i < batch.size(); i++) {
                int index = plan.from(it) + i;
                String text = infotexts.infotext(index);
                out.saveSample(batch.get(i), index, text);
                images.add(batch.get(i));
                texts.add(text);
            }
            timings = timings.plus(new PhaseTimings(0, (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000,
                    (t3 - t2) / 1_000_000, ms(t3)));
            return stopped;
        }
    }

    private GenerationResult finish(JobPlan plan, LoadedModel model, JobContext ctx, List<BufferedImage> images,
                                    List<String> texts, OutputStage out, InfotextFactory infotexts, boolean stopped,
                                    List<String> comments) {
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
        GenerationInfo info = new GenerationInfo(plan.prompt(), plan.prompts(), plan.negativePrompt(),
                plan.negativePrompts(), plan.seeds().get(0), plan.seeds(), plan.subseeds().get(0), plan.subseeds(),
                r.subseedStrength(), r.width(), r.height(), plan.sampler().name(),
                plan.scheduler() == Scheduler.AUTOMATIC ? null : plan.scheduler().label(), r.cfgScale(), r.steps(),
                r.batchSize(), r.restoreFaces(), null, model.nameForExtra(), model.shortHash(), null, null,
                r.seedResizeFromW(), r.seedResizeFromH(), null, infotexts.extras(), first, shownTexts, r.styles(),
                ctx.jobTimestamp(), plan.clipSkip(), false, services.version());
        return new GenerationResult(shown, shownTexts, info, out.saved(), stopped, timings, comments);
    }

    private static long ms(long since) {
        return (System.nanoTime() - since) / 1_000_000;
    }
}
