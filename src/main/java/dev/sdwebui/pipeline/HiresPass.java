package dev.sdwebui.pipeline;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.sdwebui.config.settings.A1111Settings;
import dev.sdwebui.postprocess.ImageResize;
import dev.sdwebui.postprocess.LatentUpscaleMode;
import dev.sdwebui.postprocess.Pixels;
import dev.sdwebui.postprocess.ResizeMode;
import dev.sdwebui.postprocess.ImageUpscaler;
import dev.sdwebui.prompt.style.PromptStyle;
import dev.sdwebui.prompt.style.Styles;
import dev.sdwebui.queue.JobContext;
import dev.sdwebui.sampling.Img2ImgSteps;
import dev.sdwebui.sampling.SamplerChoice;
import dev.sdwebui.sampling.denoise.NoisePredictor;
import dev.sdwebui.tensor.rng.BatchNoise;
import dev.sdwebui.tensor.rng.RandomSource;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The hires-fix second pass of txt2img. Ref: A1111 processing.py
 * {@code StableDiffusionProcessingTxt2Img.init} (hires infotext), {@code calculate_target_resolution},
 * {@code sample_hr_pass}: a latent upscaler interpolates the first-pass latent; an image upscaler decodes
 * it, resizes the 8-bit pictures (resize mode 0 with the upscaler) and encodes them again; the latent is
 * truncated, fresh noise is drawn from the same seeds at the new size, and img2img sampling runs with
 * {@code hr_second_pass_steps or steps} as an explicit step count (A1111's fixed-steps arithmetic), the
 * hires sampler/scheduler and the hires prompts.
 */
final class HiresPass {

    private final PipelineServices services;
    private final JobPlan first;
    private final JobPlan plan;
    private final HiresOptions options;
    private final LoadedModel model;
    private final NoisePredictor unet;
    private final int[] target;
    private final Optional<LatentUpscaleMode> latentMode;
    private final ImageUpscaler upscaler;

    HiresPass(PipelineServices services, JobPlan first, HiresOptions options, LoadedModel model, NoisePredictor unet) {
        this.services = services;
        this.first = first;
        this.options = options;
        this.model = model;
        this.unet = unet;
        GenerationRequest r = first.request();
        this.target = options.target(r.width(), r.height());
        String name = options.upscaler() != null ? options.upscaler()
                : first.settings().text("latent_upscale_default_mode", "Latent");
        this.latentMode = LatentUpscaleMode.byName(name);
        this.upscaler = latentMode.isPresent() ? null : services.upscalers().byName(name).orElseThrow(
                () -> new IllegalArgumentException("could not find upscaler named " + name));
        this.plan = hiresPlan(services, first, options);
    }

    /** Target size {w, h} of the second pass (before truncation). */
    int[] target() {
        return target.clone();
    }

    /** A1111's hires infotext entries, in its order. */
    Map<String, Object> infotext() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Denoising strength", options.denoisingStrength());
        if (options.resizeX() == 0 && options.resizeY() == 0) {
            m.put("Hires upscale", options.scale());
        } else {
            m.put("Hires resize", options.resizeX() + "x" + options.resizeY());
        }
        if (options.secondPassSteps() > 0) {
            m.put("Hires steps", options.secondPassSteps());
        }
        if (options.upscaler() != null) {
            m.put("Hires upscaler", options.upscaler());
        }
        if (!plan.sampler().name().equals(first.sampler().name())) {
            m.put("Hires sampler", plan.sampler().name());
        }
        if (!plan.prompt().equals(first.prompt())) {
            m.put("Hires prompt", plan.prompt());
        }
        if (!plan.negativePrompt().equals(first.negativePrompt())) {
            m.put("Hires negative prompt", plan.negativePrompt());
        }
        if (options.scheduler() != null && !options.scheduler().isBlank() && plan.scheduler() != first.scheduler()) {
            m.put("Hires schedule type", plan.scheduler().label());
        }
        return m;
    }

    /**
     * @param samples first-pass latent [B, 4, h, w]
     * @return the second-pass latent [B, 4, H/8 - truncation, W/8 - truncation] in {@code iter}
     */
    NDArray apply(NDArray samples, int it, GenerationStages stages, NDManager iter, JobContext ctx) {
        ctx.textinfo("Hires fix");
        RandomSource source = services.randomSources().byName(first.settings().get(A1111Settings.RANDN_SOURCE));
        List<Long> seeds = first.slice(first.seeds(), it);
        NDArray up = upscale(samples, seeds, source, stages, iter);
        long[] s = up.getShape().getShape();
        int tx = target[2];
        int ty = target[3];
        if (tx != 0 || ty != 0) {
            up = up.get(":, :, {}:{}, {}:{}", ty / 2, s[2] - (ty + 1) / 2, tx / 2, s[3] - (tx + 1) / 2);
            s = up.getShape().getShape();
        }
        BatchNoise noise = BatchNoise.of(source, stages.noiseSpecs(it),
                new ai.djl.ndarray.types.Shape(s[1], s[2], s[3]));
        NDArray x = noise.next(iter);
        int steps = options.secondPassSteps() > 0 ? options.secondPassSteps() : first.request().steps();
        GenerationStages.Conds conds = stages.condsFor(plan, it, steps, iter);
        Img2ImgSampling sampling = new Img2ImgSampling(plan, model.model(), unet, services.nanCheck(),
                services.batchCondUncond().getAsBoolean());
        NDArray out = sampling.sample(up, x, Img2ImgSteps.of(steps, options.denoisingStrength(), true), conds.cond(),
                conds.uncond(), noise, seeds, null, iter, ctx, stages.preview());
        stages.infotexts().addExtras(sampling.infotext());
        return out;
    }

    private NDArray upscale(NDArray samples, List<Long> seeds, RandomSource source, GenerationStages stages,
                            NDManager iter) {
        int w = target[0];
        int h = target[1];
        if (latentMode.isPresent()) {
            LatentUpscaleMode m = latentMode.get();
            return model.model().ops().interpolate(samples, h / 8, w / 8, m.torchMode(), m.antialias());
        }
        List<BufferedImage> low = stages.decode(samples, iter);
        List<Pixels> big = new ArrayList<>();
        for (BufferedImage img : low) {
            big.add(ImageResize.resize(ResizeMode.JUST_RESIZE, Pixels.of(img), w, h, upscaler));
        }
        NDArray pixels = InitLatents.toTensor(big, big.size(), iter);
        return InitLatents.vae(model.model(), source).encode(pixels, seeds, iter);
    }

    /** The first pass's plan with the hires sampler, scheduler and prompts (styles applied again). */
    private static JobPlan hiresPlan(PipelineServices services, JobPlan first, HiresOptions o) {
        GenerationRequest r = first.request();
        String sampler = o.samplerName() == null || o.samplerName().isBlank() ? r.samplerName() : o.samplerName();
        String scheduler = o.scheduler() == null || o.scheduler().isBlank() ? r.scheduler() : o.scheduler();
        SamplerResolver.require(services.samplers(), sampler);
        SamplerChoice choice = services.samplers().split(sampler, scheduler, false);
        String prompt = first.prompt();
        String negative = first.negativePrompt();
        if (!o.prompt().isEmpty() || !o.negativePrompt().isEmpty()) {
            List<PromptStyle> styles = new ArrayList<>();
            for (String name : r.styles()) {
                services.styles().find(name).ifPresent(s -> styles.add(new PromptStyle(s.name(), s.prompt(),
                        s.negativePrompt())));
            }
            prompt = o.prompt().isEmpty() ? prompt : Styles.applyToPrompt(o.prompt(), styles);
            negative = o.negativePrompt().isEmpty() ? negative : Styles.applyToNegativePrompt(o.negativePrompt(), styles);
            if (first.settings().bool("enable_prompt_comments", true)) { // Ref: A1111 comments.py (all_hr_prompts)
                prompt = dev.sdwebui.prompt.parse.PromptComments.strip(prompt);
                negative = dev.sdwebui.prompt.parse.PromptComments.strip(negative);
            }
        }
        int n = first.prompts().size();
        return new JobPlan(r, first.settings(), choice.sampler(), choice.scheduler(), first.scheduleLabel(), prompt,
                negative, Collections.nCopies(n, prompt), Collections.nCopies(n, negative), first.seeds(),
                first.subseeds(), first.stylePrompts(), first.clipSkip());
    }
}
