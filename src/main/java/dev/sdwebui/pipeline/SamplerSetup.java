package dev.sdwebui.pipeline;

import ai.djl.ndarray.NDManager;
import dev.sdwebui.config.settings.A1111Settings;
import dev.sdwebui.config.settings.SettingKey;
import dev.sdwebui.nn.SdModel;
import dev.sdwebui.queue.JobContext;
import dev.sdwebui.sampling.SamplerInfo;
import dev.sdwebui.sampling.denoise.CancellationToken;
import dev.sdwebui.sampling.denoise.CfgOptions;
import dev.sdwebui.sampling.denoise.CondPadding;
import dev.sdwebui.sampling.denoise.NanCheck;
import dev.sdwebui.sampling.sampler.SamplerContext;
import dev.sdwebui.sampling.schedule.DiscreteSchedule;
import dev.sdwebui.sampling.schedule.PlannedSigmas;
import dev.sdwebui.sampling.schedule.ScheduleSettings;
import dev.sdwebui.sampling.schedule.SigmaPlanner;
import dev.sdwebui.tensor.rng.BatchNoise;
import java.util.List;

/**
 * What txt2img ({@link SamplingRun}) and img2img ({@link Img2ImgSampling}) set up the same way for a job: the
 * sigma schedule from the scheduler settings, eta / churn / s_noise, the CFG options and the sampler context whose
 * per-step callback drives progress, previews, interrupt and skip.
 */
final class SamplerSetup {

    private final JobPlan plan;
    private final SdModel model;
    private final boolean nanCheck;
    /** cond and uncond in one UNet batch; false under --medvram/--lowvram (DeviceManager policy). */
    private final boolean batchCondUncond;

    SamplerSetup(JobPlan plan, SdModel model, boolean nanCheck, boolean batchCondUncond) {
        this.plan = plan;
        this.model = model;
        this.nanCheck = nanCheck;
        this.batchCondUncond = batchCondUncond;
    }

    /** Ref: A1111 sd_samplers_kdiffusion.py get_sigmas, for {@code steps} steps of the full schedule. */
    PlannedSigmas sigmas(int steps) {
        JobSettings js = plan.settings();
        ScheduleSettings settings = new ScheduleSettings(setting(A1111Settings.SIGMA_MIN),
                setting(A1111Settings.SIGMA_MAX), setting(A1111Settings.RHO),
                js.get(A1111Settings.ALWAYS_DISCARD_NEXT_TO_LAST_SIGMA),
                js.bool("use_old_karras_scheduler_sigmas", false),
                js.number("beta_dist_alpha", 0.6), js.number("beta_dist_beta", 0.6), false);
        SamplerInfo s = plan.sampler();
        return SigmaPlanner.plan(plan.scheduler(), s.defaultScheduler().orElse(null), s.discardNextToLastSigma(), steps,
                new DiscreteSchedule(model.alphasCumprod()), settings);
    }

    /** The request's eta, else eta_ddim for timestep samplers and eta_ancestral for k-diffusion ones. */
    double eta() {
        Double eta = plan.request().eta();
        if (eta != null) {
            return eta;
        }
        return plan.sampler().isTimestepSampler() ? setting(A1111Settings.ETA_DDIM) : setting(A1111Settings.ETA_ANCESTRAL);
    }

    /** CFG with NGMS (s_min_uncond) and the device's cond/uncond batching, over {@code modelCalls} calls. */
    CfgOptions cfgOptions(int modelCalls) {
        return new CfgOptions(plan.request().cfgScale(), plan.settings().number("s_min_uncond", 0.0), false, 0,
                batchCondUncond, CondPadding.NONE, null, modelCalls);
    }

    NanCheck nanCheck() {
        return nanCheck ? NanCheck.a1111(true) : NanCheck.disabled();
    }

    /** The sampler context: per-image noise, A1111's sampler options, and the step callback of the job. */
    SamplerContext context(NDManager manager, BatchNoise noise, List<Long> seeds, CancellationToken cancel,
                           JobContext ctx, LivePreview preview) {
        return SamplerContext.builder(manager)
                .noise(noise::next)
                .imageSeeds(seeds)
                .eta(eta())
                .churn(setting(A1111Settings.S_CHURN), setting(A1111Settings.S_TMIN), tmax())
                .sNoise(setting(A1111Settings.S_NOISE))
                .cancel(cancel)
                .callback((step, total, sigma, xs, denoised) -> {
                    ctx.step();
                    if (preview != null) {
                        preview.onStep(step, denoised, ctx);
                    }
                    if (ctx.isInterrupted()) {
                        cancel.interrupt();
                    } else if (ctx.isSkipped()) {
                        cancel.skip();
                    }
                })
                .build();
    }

    private double tmax() {
        double t = setting(A1111Settings.S_TMAX);
        return t == 0 ? Double.POSITIVE_INFINITY : t; // A1111: opts.s_tmax or float('inf')
    }

    private double setting(SettingKey<Double> key) {
        return plan.settings().get(key);
    }
}
