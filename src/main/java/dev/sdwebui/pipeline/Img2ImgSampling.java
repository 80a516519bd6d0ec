package dev.sdwebui.pipeline;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.sdwebui.nn.SdModel;
import dev.sdwebui.queue.JobContext;
import dev.sdwebui.sampling.Img2ImgSteps;
import dev.sdwebui.sampling.SamplerInfo;
import dev.sdwebui.sampling.denoise.CancellationToken;
import dev.sdwebui.sampling.denoise.CfgDenoiser;
import dev.sdwebui.sampling.denoise.CfgPlusPlusModel;
import dev.sdwebui.sampling.denoise.CfgOptions;
import dev.sdwebui.sampling.denoise.CompVisDenoiser;
import dev.sdwebui.sampling.denoise.ConditioningSchedule;
import dev.sdwebui.sampling.denoise.Denoiser;
import dev.sdwebui.sampling.denoise.EpsModel;
import dev.sdwebui.sampling.denoise.MultiCond;
import dev.sdwebui.sampling.denoise.NanCheck;
import dev.sdwebui.sampling.denoise.NoisePredictor;
import dev.sdwebui.sampling.denoise.TimestepsDenoiser;
import dev.sdwebui.sampling.sampler.SamplerContext;
import dev.sdwebui.sampling.sampler.TimestepSampler;
import dev.sdwebui.sampling.schedule.DiscreteSchedule;
import dev.sdwebui.sampling.schedule.PlannedSigmas;
import dev.sdwebui.tensor.rng.BatchNoise;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * img2img sampling from an init latent, shared by img2img/inpaint and the hires-fix second pass.
 * Ref: A1111 sd_samplers_kdiffusion.py {@code KDiffusionSampler.sample_img2img}: steps/t_enc from
 * {@link Img2ImgSteps}, {@code sigma_sched = sigmas[steps - t_enc - 1:]},
 * {@code xi = x + noise * sigma_sched[0]} (+ {@code img2img_extra_noise * noise}); and
 * sd_samplers_timesteps.py {@code sample_img2img}: {@code timesteps[:t_enc]},
 * {@code xi = sqrt(a[ts[t_enc]]) x + sqrt(1 - a[ts[t_enc]]) noise} (+ extra noise * sqrt(a)).
 * With a mask, k-diffusion samplers blend the denoised x0 after CFG, timestep samplers blend x before
 * the model call (A1111 {@code mask_before_denoising}).
 */
final class Img2ImgSampling {

    private final JobPlan plan;
    private final SdModel model;
    private final NoisePredictor unet;
    private final SamplerSetup setup;
    private final Map<String, Object> infotext = new LinkedHashMap<>();

    /** @param plan its sampler/scheduler are used (the hires pass passes a plan with the hires ones) */
    Img2ImgSampling(JobPlan plan, SdModel model, NoisePredictor unet, boolean nanCheck, boolean batchCondUncond) {
        this.plan = plan;
        this.model = model;
        this.unet = unet;
        this.setup = new SamplerSetup(plan, model, nanCheck, batchCondUncond);
    }

    /** Infotext entries set while sampling (Extra noise, schedule parameters). */
    Map<String, Object> infotext() {
        return new LinkedHashMap<>(infotext);
    }

    /**
     * @param init   [B, 4, h, w] init latent (scaled), in {@code manager}
     * @param noise  [B, 4, h, w] the first draw of {@code source} (already times initial_noise_multiplier)
     * @param steps  A1111 (steps, t_enc)
     * @param mask   inpainting blend, or null
     * @return [B, 4, h, w] in {@code manager}
     */
    NDArray sample(NDArray init, NDArray noise, Img2ImgSteps steps, MultiCond cond, ConditioningSchedule uncond,
                   BatchNoise source, List<Long> seeds, LatentMask mask, NDManager manager, JobContext ctx,
                   LivePreview preview) {
        SamplerInfo s = plan.sampler();
        if (steps.steps() == 0) {
            return unchanged(init, noise, s);
        }
        CancellationToken cancel = new CancellationToken();
        int run = steps.tEnc() + 1;
        CfgOptions options = setup.cfgOptions(s.secondOrder() ? run * 2 : run);
        NanCheck check = setup.nanCheck();
        SamplerContext sctx = setup.context(manager, source, seeds, cancel, ctx, preview);
        ctx.setSteps(run);
        double extra = plan.settings().number("img2img_extra_noise", 0.0);
        if (extra > 0) {
            infotext.put("Extra noise", extra);
        }
        if (s.isTimestepSampler()) {
            float[] ac = model.alphasCumprod();
            CfgDenoiser cfg = new CfgDenoiser(FamilyStrategy.timesteps(model, unet), cond, uncond, options, check, cancel);
            EpsModel eps = mask == null ? cfg : new MaskedEps(cfg, mask, init);
            int[] all = TimestepSampler.timesteps(steps.steps(), ac.length);
            int[] sched = steps.timestepSchedule(all);
            double a = ac[all[steps.tEnc()]];
            NDArray xi = init.mul((float) Math.sqrt(a)).add(noise.mul((float) Math.sqrt(1 - a)));
            if (extra > 0) {
                xi = xi.add(noise.mul((float) (extra * Math.sqrt(a))));
            }
            if (sched.length == 0) {
                return xi; // A1111 DDIM loops range(len(timesteps) - 1): nothing to do
            }
            return s.newTimestepSampler().sample(eps, xi, sched, ac, sctx);
        }
        DiscreteSchedule schedule = new DiscreteSchedule(model.alphasCumprod());
        boolean quantize = plan.settings().bool("enable_quantization", false);
        CfgDenoiser cfg = new CfgDenoiser(FamilyStrategy.kDiffusion(model, unet, schedule, quantize), cond, uncond, options, check,
                cancel);
        Denoiser d = mask == null ? cfg : (x, sigma) -> mask.blend(cfg.denoise(x, sigma), init);
        PlannedSigmas planned = setup.sigmas(steps.steps());
        infotext.putAll(planned.infotext());
        double[] sched = steps.sigmaSchedule(planned.sigmas());
        NDArray xi = init.add(noise.mul((float) sched[0]));
        if (extra > 0) {
            xi = xi.add(noise.mul((float) extra));
        }
        return s.newSampler().sample(d, xi, sched, sctx);
    }

    /**
     * Denoising strength 0 with an explicit step count (hires fix, img2img_fix_steps): A1111's
     * {@code setup_img2img_steps} gives a schedule of 0 steps, every scheduler's sigmas for n = 0 are
     * {@code [0.0]}, so {@code xi = x + noise * 0} and the sampler runs no step: the init latent comes back
     * (plus {@code img2img_extra_noise * noise} for k-diffusion samplers). A1111's timestep samplers
     * (DDIM, PLMS, UniPC) raise ZeroDivisionError there ({@code 1000 // steps}); here they return x too.
     */
    private NDArray unchanged(NDArray init, NDArray noise, SamplerInfo s) {
        double extra = plan.settings().number("img2img_extra_noise", 0.0);
        if (extra > 0 && !s.isTimestepSampler()) {
            infotext.put("Extra noise", extra);
            return init.add(noise.mul((float) extra));
        }
        return init.duplicate();
    }






    /** Blends x before the eps call; keeps CFG++ reachable for DDIM CFG++. */
    private record MaskedEps(CfgDenoiser cfg, LatentMask mask, NDArray init) implements EpsModel, CfgPlusPlusModel {
        @Override
        public NDArray eps(NDArray x, double timestep) {
            return cfg.eps(mask.blend(x, init), timestep);
        }

        @Override
        public void enableCfgPlusPlus(double multiplier) {
            cfg.enableCfgPlusPlus(multiplier);
        }

        @Override
        public float[] lastUncond() {
            return cfg.lastUncond();
        }
    }
}
