package dev.sdwebui.pipeline;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.sdwebui.output.SaveKind;
import dev.sdwebui.postprocess.LatentUpscaleMode;
import dev.sdwebui.queue.JobContext;
import dev.sdwebui.sampling.denoise.NoisePredictor;
import java.util.LinkedHashMap;
import java.util.Map;

/** What {@link Txt2ImgPipeline} calls for the hires fix: one per job, {@link #apply} per batch. */
final class HiresHook {

    private final HiresPass pass;
    private final GenerationStages stages;

    private HiresHook(HiresPass pass, GenerationStages stages) {
        this.pass = pass;
        this.stages = stages;
    }

    /** @return null without hires options */
    static HiresHook create(PipelineServices services, JobPlan plan, HiresOptions options, LoadedModel model,
                            NoisePredictor unet, NDManager job, JobContext ctx) {
        if (options == null) {
            return null;
        }
        return new HiresHook(new HiresPass(services, plan, options, model, unet),
                GenerationStages.of(services, plan, model, job, ctx, SaveKind.TXT2IMG));
    }

    /**
     * Checks done before queueing.
     *
     * @throws IllegalArgumentException for an unknown upscaler or hires sampler
     */
    static void validate(PipelineServices services, HiresOptions o) {
        String up = o.upscaler();
        if (up != null && LatentUpscaleMode.byName(up).isEmpty() && services.upscalers().byName(up).isEmpty()) {
            throw new IllegalArgumentException("could not find upscaler named " + up);
        }
        if (o.samplerName() != null && !o.samplerName().isBlank()) {
            SamplerResolver.require(services.samplers(), o.samplerName());
        }
    }

    /** Hires infotext entries (and the second pass's sampler entries once it ran). */
    Map<String, Object> infotext() {
        Map<String, Object> m = new LinkedHashMap<>(pass.infotext());
        m.putAll(stages.infotexts().extras());
        return m;
    }

    /** The second pass on one batch's first-pass latent; returns the hires latent in {@code iter}. */
    NDArray apply(NDArray latent, int it, NDManager iter, JobContext ctx) {
        return pass.apply(latent, it, stages, iter, ctx);
    }
}
