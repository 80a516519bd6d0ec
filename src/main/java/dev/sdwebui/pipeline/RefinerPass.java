package dev.sdwebui.pipeline;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.sdwebui.prompt.cond.PromptConditioner;
import dev.sdwebui.prompt.cond.ScheduleSpec;
import dev.sdwebui.sampling.denoise.CfgDenoiser;
import dev.sdwebui.sampling.denoise.ConditionedModel;
import dev.sdwebui.sampling.denoise.Denoiser;
import dev.sdwebui.sampling.denoise.EpsModel;
import dev.sdwebui.sampling.denoise.MultiCond;
import dev.sdwebui.sampling.schedule.DiscreteSchedule;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A1111's Refiner for one job: the refiner checkpoint with its own family strategy and prompt conditioning; per
 * sampling run, {@link #wrap} switches the CFG denoiser to it at the first call whose completed ratio reaches
 * {@code refiner_switch_at}. The ratio is by sigma: {@code idx = argmin |sigmas_table - sigma|} over the base
 * model's 1000-entry table, {@code completed = (999 - idx) / 1000}; for timestep samplers idx is the timestep.
 * The sigma schedule is not recomputed. Ref: A1111 sd_samplers_common.py apply_refiner,
 * sd_samplers_cfg_denoiser.py CFGDenoiser.forward.
 */
final class RefinerPass {

    private final RefinerOptions options;
    private final LoadedModel model;
    private final FamilyStrategy family;
    private final PromptConditioner conditioner;

    private RefinerPass(RefinerOptions options, LoadedModel model, FamilyStrategy family, PromptConditioner conditioner) {
        this.options = options;
        this.model = model;
        this.family = family;
        this.conditioner = conditioner;
    }

    /** @return null without refiner options */
    static RefinerPass create(PipelineServices services, JobPlan plan, RefinerOptions options, NDManager job) {
        if (options == null) {
            return null;
        }
        LoadedModel refiner = services.models().refiner(options.checkpoint());
        FamilyStrategy family = FamilyStrategy.of(refiner.model(), plan.settings());
        PromptConditioner conditioner = new PromptConditioner(family.textEncoder(), services.tokenizer(),
                GenerationStages.chunkSettings(plan), GenerationStages.embeddings(services, family), job);
        return new RefinerPass(options, refiner, family, conditioner);
    }

    LoadedModel model() {
        return model;
    }

    /** A1111's infotext entries once the switch happened: {@code Refiner: name [hash]}, {@code Refiner switch at}. */
    Map<String, Object> infotext() {
        Map<String, Object> m = new LinkedHashMap<>();
        // A1111 CheckpointInfo.short_title: the file stem (name_for_extra) and the short hash
        String hash = model.shortHash();
        m.put("Refiner", hash == null ? model.nameForExtra() : model.nameForExtra() + " [" + hash + "]");
        m.put("Refiner switch at", options.switchAt());
        return m;
    }

    /** One sampling run's switch over {@code cfg}; the refiner's conditioning of iteration {@code it}. */
    Switch wrap(CfgDenoiser cfg, DiscreteSchedule table, JobPlan plan, int it, ScheduleSpec spec, NDManager iter,
                boolean timesteps) {
        MultiCond cond = StepConditioning.cond(conditioner.multicond(plan.slice(plan.prompts(), it), spec), iter);
        var uncond = StepConditioning.uncond(conditioner.learned(plan.slice(plan.negativePrompts(), it), spec), iter);
        boolean quantize = plan.settings().bool("enable_quantization", false);
        ConditionedModel inner = timesteps ? FamilyStrategy.timesteps(model.model(), family.unet())
                : FamilyStrategy.kDiffusion(model.model(), family.unet(), new DiscreteSchedule(model.model().alphasCumprod()),
                quantize);
        return new Switch(cfg, table, options.switchAt(), () -> cfg.switchTo(inner, cond, uncond));
    }

    /** The CFG denoiser that switches once; a {@link Denoiser} for k-samplers, an {@link EpsModel} for timestep ones. */
    static final class Switch implements Denoiser, EpsModel {
        private final CfgDenoiser cfg;
        private final DiscreteSchedule table;
        private final double switchAt;
        private final Runnable doSwitch;
        private boolean switched;

        Switch(CfgDenoiser cfg, DiscreteSchedule table, double switchAt, Runnable doSwitch) {
            this.cfg = cfg;
            this.table = table;
            this.switchAt = switchAt;
            this.doSwitch = doSwitch;
        }

        boolean switched() {
            return switched;
        }

        @Override
        public NDArray denoise(NDArray x, double sigma) {
            maybeSwitch(nearest(sigma));
            return cfg.denoise(x, sigma);
        }

        @Override
        public NDArray eps(NDArray x, double timestep) {
            maybeSwitch((int) timestep);
            return cfg.eps(x, timestep);
        }

        private void maybeSwitch(int index) {
            float completed = (999 - index) / 1000f;
            if (!switched && completed >= switchAt) {
                doSwitch.run();
                switched = true;
            }
        }

        /** argmin over t of |sigma_t - sigma| (float32 table, as the wrapper's sigmas). */
        private int nearest(double sigma) {
            int best = 0;
            double bestD = Double.MAX_VALUE;
            float s = (float) sigma;
            for (int t = 0; t < table.size(); t++) {
                double d = Math.abs((float) table.sigma(t) - s);
                if (d < bestD) {
                    bestD = d;
                    best = t;
                }
            }
            return best;
        }
    }
}
