package dev.sdwebui.pipeline;

import dev.sdwebui.config.settings.SettingsRegistry;
import dev.sdwebui.config.settings.SettingsStore;
import dev.sdwebui.config.styles.StylesStore;
import dev.sdwebui.model.embedding.EmbeddingDatabase;
import dev.sdwebui.output.ImageSaver;
import dev.sdwebui.postprocess.upscale.UpscalerCatalog;
import dev.sdwebui.prompt.token.ClipTokenizer;
import dev.sdwebui.sampling.SamplerCatalog;
import dev.sdwebui.tensor.rng.RandomSources;
import java.time.Clock;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.random.RandomGenerator;

/**
 * What the generation pipelines use, wired once (config/PipelineConfiguration).
 *
 * @param embeddings      textual-inversion database, or null for none
 * @param version         written to infotext "Version" and the API's info
 * @param maxBatchCount   --max-batch-count: the most n_iter a job may ask for
 * @param nanCheck        false with --disable-nan-check
 * @param promptHistory   write params.txt (false with --no-prompt-history)
 * @param upscalers       image upscalers by name (hires fix, img2img resize): built-ins plus model files
 * @param batchCondUncond whether cond and uncond run as one UNet batch (the device manager's policy: the
 *                        batch_cond_uncond setting, off under --medvram/--lowvram unless --always-batch-cond-uncond)
 * @param extraNetworks   LoRA-family networks named by prompt tags; null = tags are removed, nothing is found
 */
public record PipelineServices(ModelService models, SamplerCatalog samplers, RandomSources randomSources,
                               ClipTokenizer tokenizer, EmbeddingDatabase embeddings, StylesStore styles,
                               SettingsStore settings, SettingsRegistry registry, ImageSaver saver, Clock clock,
                               RandomGenerator random, String version, int maxBatchCount, boolean nanCheck,
                               boolean promptHistory, BooleanSupplier batchCondUncond,
                               ExtraNetworkService extraNetworks, UpscalerCatalog upscalers) {
    public PipelineServices {
        upscalers = upscalers == null ? UpscalerCatalog.builtInOnly() : upscalers;
        Objects.requireNonNull(batchCondUncond, "batchCondUncond");
        Objects.requireNonNull(models, "models");
        Objects.requireNonNull(samplers, "samplers");
        Objects.requireNonNull(randomSources, "randomSources");
        Objects.requireNonNull(tokenizer, "tokenizer");
        Objects.requireNonNull(styles, "styles");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(saver, "saver");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(random, "random");
        Objects.requireNonNull(version, "version");
    }

    /** Services without extra networks and with the built-in image upscalers only. */
    public PipelineServices(ModelService models, SamplerCatalog samplers, RandomSources randomSources,
                            ClipTokenizer tokenizer, EmbeddingDatabase embeddings, StylesStore styles,
                            SettingsStore settings, SettingsRegistry registry, ImageSaver saver, Clock clock,
                            RandomGenerator random, String version, int maxBatchCount, boolean nanCheck,
                            boolean promptHistory, BooleanSupplier batchCondUncond) {
        this(models, samplers, randomSources, tokenizer, embeddings, styles, settings, registry, saver, clock, random,
                version, maxBatchCount, nanCheck, promptHistory, batchCondUncond, (ExtraNetworkService) null, null);
    }

    /** Services without extra networks. */
    public PipelineServices(ModelService models, SamplerCatalog samplers, RandomSources randomSources,
                            ClipTokenizer tokenizer, EmbeddingDatabase embeddings, StylesStore styles,
                            SettingsStore settings, SettingsRegistry registry, ImageSaver saver, Clock clock,
                            RandomGenerator random, String version, int maxBatchCount, boolean nanCheck,
                            boolean promptHistory, BooleanSupplier batchCondUncond, UpscalerCatalog upscalers) {
        this(models, samplers, randomSources, tokenizer, embeddings, styles, settings, registry, saver, clock, random,
                version, maxBatchCount, nanCheck, promptHistory, batchCondUncond, null, upscalers);
    }

    /** Services with cond/uncond always batched (A1111's default without --medvram/--lowvram). */
    public PipelineServices(ModelService models, SamplerCatalog samplers, RandomSources randomSources,
                            ClipTokenizer tokenizer, EmbeddingDatabase embeddings, StylesStore styles,
                            SettingsStore settings, SettingsRegistry registry, ImageSaver saver, Clock clock,
                            RandomGenerator random, String version, int maxBatchCount, boolean nanCheck,
                            boolean promptHistory) {
        this(models, samplers, randomSources, tokenizer, embeddings, styles, settings, registry, saver, clock, random,
                version, maxBatchCount, nanCheck, promptHistory, () -> true);
    }

    /** The same services with extra networks. */
    public PipelineServices withExtraNetworks(ExtraNetworkService networks) {
        return new PipelineServices(models, samplers, randomSources, tokenizer, embeddings, styles, settings, registry,
                saver, clock, random, version, maxBatchCount, nanCheck, promptHistory, batchCondUncond, networks,
                upscalers);
    }
}
