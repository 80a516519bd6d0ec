package dev.sdwebui.pipeline;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.sdwebui.config.settings.A1111Settings;
import dev.sdwebui.output.SaveKind;
import dev.sdwebui.postprocess.ColorCorrection;
import dev.sdwebui.postprocess.InpaintOverlay;
import dev.sdwebui.postprocess.Pixels;
import dev.sdwebui.postprocess.ResizeMode;
import dev.sdwebui.postprocess.ImageUpscaler;
import dev.sdwebui.postprocess.Upscaler;
import dev.sdwebui.queue.JobContext;
import dev.sdwebui.queue.JobSpec;
import dev.sdwebui.sampling.SamplerChoice;
import dev.sdwebui.sampling.denoise.NoisePredictor;
import dev.sdwebui.tensor.rng.BatchNoise;
import dev.sdwebui.tensor.rng.NoiseSpec;
import dev.sdwebui.tensor.rng.RandomSource;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * img2img and inpainting, orchestration only: init images (resize, mask, crop, fill) -> VAE encode ->
 * masked-content latent fill -> img2img sampling (truncated schedule, mask blend) -> decode -> overlay
 * over the original -> infotext -> saved files. Ref: A1111 processing.py
 * {@code StableDiffusionProcessingImg2Img.init/sample} and {@code process_images_inner} (v1.10).
 */
public final class Img2ImgPipeline {

    private final PipelineServices services;
    private final UnaryOperator<NoisePredictor> unetHook;
    private final Function<LoadedModel, LatentEncoder> encoders;

    public Img2ImgPipeline(PipelineServices services) {
        this(services, UnaryOperator.identity(), null);
    }

    /**
     * @param unetHook wraps the UNet call (tests)
     * @param encoders the init-image encoder per model; null = the model's VAE with a seeded sample
     */
    public Img2ImgPipeline(PipelineServices services, UnaryOperator<NoisePredictor> unetHook,
                           Function<LoadedModel, LatentEncoder> encoders) {
        this.services = Objects.requireNonNull(services, "services");
        this.unetHook = Objects.requireNonNull(unetHook, "unetHook");
        this.encoders = encoders;
    }

    /** A queue item that runs the request. */
    public JobSpec<GenerationResult> job(Img2ImgRequest request) {
        return JobSpec.<GenerationResult>of("img2img", ctx -> run(request, ctx)).withPrompt(request.base().prompt());
    }

    /** Checks that need no model (so the API answers 400 before queueing). */
    public void validate(Img2ImgRequest r) {
        GenerationRequest b = r.base();
        if (b.width() % 8 != 0 || b.height() % 8 != 0) {
            throw new IllegalArgumentException("width and height must be multiples of 8, got " + b.width() + "x"
                    + b.height());
        }
        if (b.nIter() > services.maxBatchCount()) {
            throw new IllegalArgumentException("n_iter " + b.nIter() + " is more than --max-batch-count "
                    + services.maxBatchCount());
        }
        if (b.subseedStrength() < 0 || b.subseedStrength() > 1) {
            throw new IllegalArgumentException("subseed_strength must be between 0 and 1");
        }
        SamplerResolver.require(services.samplers(), b.samplerName());
    }

    /** Runs the whole job on the calling (worker) thread. */
    public GenerationResult run(Img2ImgRequest request, JobContext ctx) {
        InferenceThread.enter();
        validate(request);
        GenerationRequest base = request.base();
        Img2ImgRequest r = new Img2ImgRequest(base.withBatch(base.negativePrompt(), request.effectiveBatchSize(),
                base.nIter()), request.initImages(), request.mask(), request.resizeMode(), request.denoisingStrength(),
                request.maskBlurX(), request.maskBlurY(), request.maskRound(), request.inpaintingFill(),
                request.inpaintFullRes(), request.inpaintFullResPadding(), request.inpaintingMaskInvert(),
                request.initialNoiseMultiplier(), request.imageCfgScale());
        JobSettings settings = JobSettings.of(services.settings(), services.registry(), r.base().overrideSettings());
        SamplerChoice choice = services.samplers().split(r.base().samplerName(), r.base().scheduler(), false);
        JobPlan plan = JobPlan.of(r.base(), settings, choice, services.styles(), services.random());
        ctx.setJobCount(r.base().nIter());
        ctx.textinfo("Preparing init images");
        ImageUpscaler upscaler = img2imgUpscaler(settings);
        PreparedInit prepared = InitImages.prepare(r, settings.text("img2img_background_color", "#ffffff"), upscaler);
        Object ckpt = r.base().overrideSettings().get(A1111Settings.SD_MODEL_CHECKPOINT.key());
        LoadedModel model = services.models().require(ckpt == null ? null : ckpt.toString());
        try (NDManager job = NDManager.newBaseManager(model.model().djlDevice()); Tiling tiling = Tiling.apply(model.model(), r.base().tiling())) {
            return generate(r, plan, prepared, model, job, ctx);
        }
    }

    private GenerationResult generate(Img2ImgRequest r, JobPlan plan, PreparedInit prepared, LoadedModel model,
                                      NDManager job, JobContext ctx) {
        GenerationRequest g = plan.request();
        GenerationStages stages = GenerationStages.of(services, plan, model, job, ctx, SaveKind.IMG2IMG);
        stages.infotexts().addExtras(Map.of("Denoising strength", r.denoisingStrength()));
        stages.infotexts().addExtras(prepared.extras());
        double multiplier = r.initialNoiseMultiplier() != null ? r.initialNoiseMultiplier()
                : plan.settings().number("initial_noise_multiplier", 1.0);
        if (multiplier != 1.0) {
            stages.infotexts().addExtras(Map.of("Noise multiplier", multiplier));
        }
        RandomSource source = services.randomSources().byName(plan.settings().get(A1111Settings.RANDN_SOURCE));
        List<Long> firstSeeds = plan.slice(plan.seeds(), 0);
        int lh = g.height() / 8;
        int lw = g.width() / 8;
        ctx.textinfo("Encoding init images");
        NDArray pixels = InitLatents.toTensor(prepared.images(), g.batchSize(), job);
        LatentEncoder encoder = encoders != null ? encoders.apply(model) : InitLatents.vae(model.model(), source);
        NDArray init = encoder.encode(pixels, firstSeeds, job);
        if (r.resizeMode() == ResizeMode.LATENT_UPSCALE) {
            init = model.model().ops().interpolate(init, lh, lw, "bilinear", false);
        }
        LatentMask mask = prepared.masked() ? LatentMask.of(prepared.imageMask(), lh, lw, r.maskRound(), job) : null;
        init = maskedContent(r, init, mask, source, firstSeeds, job);
        NoisePredictor unet = unetHook.apply(stages.family().unet());
        NDArray imageCond = null;
        if (model.model().unet().topology().inChannels() == 9) {
            double weight = plan.settings().number("inpainting_mask_weight", 1.0);
            imageCond = InitLatents.inpaintingConditioning(pixels, prepared.imageMask(), r.maskRound(), weight, encoder,
                    firstSeeds, lh, lw, job);
            stages.infotexts().addExtras(Map.of("Conditional mask weight", weight));
        }
        // Ref: A1111 setup_color_correction, from each init image as encoded (after the masked-content fill).
        List<ColorCorrection> corrections = plan.settings().bool("img2img_color_correction", false)
                ? prepared.images().stream().map(ColorCorrection::of).toList() : null;
        List<BufferedImage> images = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        boolean stopped = false;
        for (int it = 0; it < g.nIter() && !stopped; it++) {
            if (ctx.isInterrupted()) {
                stopped = true;
                break;
            }
            IterationInput in = new IterationInput(r, prepared, init, mask, imageCond, unet, multiplier, source,
                    corrections);
            stopped = iteration(plan, model, stages, in, it, job, ctx, images, texts);
            ctx.nextJob();
        }
        return stages.finish(images, texts, stopped, imageCond != null);
    }

    /** What every iteration shares. */
    private record IterationInput(Img2ImgRequest request, PreparedInit prepared, NDArray init, LatentMask mask,
                                  NDArray imageCond, NoisePredictor unet, double multiplier, RandomSource source,
                                  List<ColorCorrection> corrections) {
    }

    private boolean iteration(JobPlan plan, LoadedModel model, GenerationStages stages, IterationInput in, int it,
                              NDManager job, JobContext ctx, List<BufferedImage> images, List<String> texts) {
        GenerationRequest g = plan.request();
        Img2ImgRequest r = in.request();
        List<Long> seeds = plan.slice(plan.seeds(), it);
        try (NDManager iter = job.newSubManager()) {
            GenerationStages.Conds conds = stages.conds(it, g.steps(), iter);
            BatchNoise noise = BatchNoise.of(in.source(), stages.noiseSpecs(it),
                    SamplingRun.latentShape(g.width(), g.height()));
            NDArray x = noise.next(iter);
            if (in.multiplier() != 1.0) {
                x = x.mul((float) in.multiplier());
            }
            NDArray samples;
            if (r.denoisingStrength() == 0) {
                // A1111 would still run one step at the lowest sigma (t_enc = 0); for a trained model that
                // is the identity up to noise, so we return the encoded latent exactly (the VAE round trip).
                samples = in.init().duplicate();
            } else {
                NoisePredictor unet = in.imageCond() == null ? in.unet()
                        : new ConcatConditioning(in.unet(), in.imageCond(), ConcatConditioning.rowImages(conds.perImage()),
                        in.prepared().images().size() == 1);
                Img2ImgSampling sampling = new Img2ImgSampling(plan, model.model(), unet, services.nanCheck(),
                services.batchCondUncond().getAsBoolean());
                boolean fix = plan.settings().bool("img2img_fix_steps", false);
                samples = sampling.sample(in.init(), x, dev.sdwebui.sampling.Img2ImgSteps.of(g.steps(),
                        r.denoisingStrength(), fix), conds.cond(), conds.uncond(), noise, seeds, in.mask(), iter, ctx,
                        stages.preview());
                stages.infotexts().addExtras(sampling.infotext());
            }
            if (in.mask() != null) {
                samples = in.mask().blend(samples, in.init());
            }
            boolean stopped = ctx.isInterrupted() || ctx.isSkipped();
            ctx.textinfo("Decoding");
            List<BufferedImage> batch = stages.decode(samples, iter);
            for (int i = 0; i < batch.size(); i++) {
                BufferedImage image = batch.get(i);
                if (in.corrections() != null) {
                    ColorCorrection cc = in.corrections().get(in.corrections().size() == 1 ? 0 : i);
                    image = cc.apply(Pixels.of(image)).toImage();
                }
                if (in.prepared().overlays() != null && plan.settings().bool("overlay_inpaint", true)) {
                    Pixels overlay = in.prepared().overlays().get(in.prepared().overlays().size() == 1 ? 0 : i);
                    image = InpaintOverlay.apply(Pixels.of(image), in.prepared().pasteTo(), overlay,
                            img2imgUpscaler(plan.settings())).toImage();
                }
                stages.save(image, plan.from(it) + i, images, texts);
            }
            return stopped;
        }
    }

    /**
     * The upscaler_for_img2img setting (A1111 resize_image's upscaler: a built-in or a model upscaler;
     * "None" or unknown: plain Lanczos).
     */
    private ImageUpscaler img2imgUpscaler(JobSettings settings) {
        return services.upscalers().byName(settings.text("upscaler_for_img2img", "None")).orElse(Upscaler.NONE);
    }

    /** A1111 inpainting_fill 2 (latent noise) and 3 (latent nothing) on the init latent. */
    private static NDArray maskedContent(Img2ImgRequest r, NDArray init, LatentMask mask, RandomSource source,
                                         List<Long> seeds, NDManager job) {
        if (mask == null || r.inpaintingFill() < 2) {
            return init;
        }
        if (r.inpaintingFill() == 3) {
            return init.mul(mask.mask());
        }
        // Ref: A1111: init * mask + create_random_tensors(shape, all_seeds[0:B]) * nmask.
        List<NoiseSpec> specs = seeds.stream().map(NoiseSpec::of).toList();
        long[] s = init.getShape().getShape();
        NDArray n = BatchNoise.of(source, specs, new ai.djl.ndarray.types.Shape(s[1], s[2], s[3])).next(job);
        return init.mul(mask.mask()).add(n.mul(mask.nmask()));
    }
}
