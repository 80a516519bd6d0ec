package dev.sdwebui.pipeline;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.sdwebui.config.settings.A1111Settings;
import dev.sdwebui.nn.SdModel;
import dev.sdwebui.queue.JobContext;
import dev.sdwebui.sampling.SamplerInfo;
import dev.sdwebui.sampling.denoise.CancellationToken;
import dev.sdwebui.sampling.denoise.CfgDenoiser;
import dev.sdwebui.sampling.denoise.CfgOptions;
import dev.sdwebui.sampling.denoise.CompVisDenoiser;
import dev.sdwebui.sampling.denoise.ConditioningSchedule;
import dev.sdwebui.sampling.denoise.MultiCond;
import dev.sdwebui.sampling.denoise.NanCheck;
import dev.sdwebui.sampling.denoise.NoisePredictor;
import dev.sdwebui.sampling.denoise.TimestepsDenoiser;
import dev.sdwebui.sampling.sampler.SamplerContext;
import dev.sdwebui.sampling.sampler.TimestepSampler;
import dev.sdwebui.sampling.schedule.DiscreteSchedule;
import dev.sdwebui.tensor.rng.BatchNoise;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One iteration (batch) of a job: initial noise, the CFG denoiser over the UNet, the sampler and the
 * VAE decode. Ref: A1111 processing.py {@code StableDiffusionProcessingTxt2Img.sample} and
 * sd_samplers_kdiffusion.py / sd_samplers_timesteps.py {@code sample}.
 */
final class SamplingRun {

    private final JobPlan plan;
    private final SdModel model;
    private final NoisePredictor unet;
    private final SamplerSetup setup;
    private RefinerPass.Switch lastSwitch;

    SamplingRun(JobPlan plan, SdModel model, NoisePredictor unet, boolean nanCheck, boolean batchCondUncond) {
        this.plan = plan;
        this.model = model;
        this.unet = unet;
        this.setup = new SamplerSetup(plan, model, nanCheck, batchCondUncond);
    }

    /** Infotext entries the sampler set-up adds (schedule parameters, eta). */
    Map<String, Object> infotext() {
        Map<String, Object> m = new LinkedHashMap<>();
        SamplerInfo s = plan.sampler();
        double eta = setup.eta();
        if (s.isTimestepSampler()) {
            if (eta != 0) {
                m.put("Eta DDIM", eta);
            }
        } else {
            if ((s.usesEnsd() || s.brownianNoise()) && eta != 1.0) {
                m.put("Eta", eta);
            }
            m.putAll(setup.sigmas(plan.request().steps()).infotext());
        }
        return m;
    }

    /**
     * @param x       initial noise [B, 4, h, w] (unscaled)
     * @param preview live previews, or null
     * @return the final latent [B, 4, h, w] in {@code manager} (the x0 of the last step when interrupted)
     */
    NDArray sample(NDArray x, MultiCond cond, ConditioningSchedule uncond, BatchNoise noise, List<Long> seeds,
                   NDManager manager, JobContext ctx, LivePreview preview) {
        return sample(x, cond, uncond, noise, seeds, manager, ctx, preview, null);
    }

    /** Builds the refiner switch over a run's CFG denoiser (the base model's sigma table; timestep sampler or not). */
    @FunctionalInterface
    interface SwitchFactory {
        RefinerPass.Switch make(CfgDenoiser cfg, DiscreteSchedule table, boolean timesteps);
    }

    /** Whether the last {@link #sample} switched to the refiner (its VAE then decodes, as in A1111). */
    boolean refinerSwitched() {
        return lastSwitch != null && lastSwitch.switched();
    }

    /** As above, switching to a refiner when {@code refiner} is given. */
    NDArray sample(NDArray x, MultiCond cond, ConditioningSchedule uncond, BatchNoise noise, List<Long> seeds,
                   NDManager manager, JobContext ctx, LivePreview preview, SwitchFactory refiner) {
        lastSwitch = null;
        SamplerInfo s = plan.sampler();
        GenerationRequest r = plan.request();
        CancellationToken cancel = new CancellationToken();
        int steps = r.steps();
        int totalSteps = s.secondOrder() ? steps * 2 : steps;
        CfgOptions options = setup.cfgOptions(totalSteps);
        NanCheck check = setup.nanCheck();
        SamplerContext sctx = setup.context(manager, noise, seeds, cancel, ctx, preview);
        ctx.setSteps(steps);
        if (s.isTimestepSampler()) {
            float[] ac = model.alphasCumprod();
            CfgDenoiser cfg = new CfgDenoiser(FamilyStrategy.timesteps(model, unet), cond, uncond, options, check, cancel);
            int[] ts = TimestepSampler.timesteps(steps, ac.length);
            lastSwitch = refiner == null ? null : refiner.make(cfg, new DiscreteSchedule(ac), true);
            return s.newTimestepSampler().sample(lastSwitch == null ? cfg::eps : lastSwitch, x, ts, ac, sctx);
        }
        DiscreteSchedule schedule = new DiscreteSchedule(model.alphasCumprod());
        boolean quantize = plan.settings().bool("enable_quantization", false);
        CfgDenoiser cfg = new CfgDenoiser(FamilyStrategy.kDiffusion(model, unet, schedule, quantize), cond, uncond, options, check,
                cancel);
        double[] sigmas = setup.sigmas(plan.request().steps()).sigmas();
        // Ref: A1111 sd_samplers_kdiffusion.py sample: x = noise * sigmas[0]
        // (sqrt(1 + sigma_max^2) with sgm_noise_multiplier).
        double scale = plan.settings().get(A1111Settings.SGM_NOISE_MULTIPLIER)
                ? Math.sqrt(1 + sigmas[0] * sigmas[0]) : sigmas[0];
        NDArray start = x.mul((float) scale);
        lastSwitch = refiner == null ? null : refiner.make(cfg, schedule, false);
        return s.newSampler().sample(lastSwitch == null ? cfg : lastSwitch, start, sigmas, sctx);
    }

    /** latent [B, 4, h, w] -> pixels [B, 3, H, W] (VAE output before clamping), as float[]. */
    float[] decode(NDArray latent, NDManager manager) {
        return decode(latent, manager, model);
    }

    /** The same with another model's VAE (the refiner's, after a switch). */
    static float[] decode(NDArray latent, NDManager manager, SdModel model) {
        try (NDManager scope = manager.newSubManager()) {
            NDArray z = latent.duplicate();
            z.attach(scope);
            // Ref: ldm DiffusionWrapper decode_first_stage: z = 1. / scale_factor * z
            NDArray scaled = z.mul((float) (1.0 / model.vae().scaleFactor()));
            return model.vae().decode(scaled).toFloatArray();
        }
    }

    static Shape latentShape(int width, int height) {
        return new Shape(4, height / 8, width / 8);
    }




}
