package dev.sdwebui.config;

import dev.sdwebui.config.settings.A1111Settings;
import dev.sdwebui.config.settings.SettingsRegistry;
import dev.sdwebui.config.settings.SettingsStore;
import dev.sdwebui.config.styles.StylesStore;
import dev.sdwebui.model.embedding.EmbeddingDatabase;
import dev.sdwebui.model.embedding.EmbeddingFileReader;
import dev.sdwebui.model.io.ReadOptions;
import dev.sdwebui.device.DeviceManager;
import dev.sdwebui.model.registry.CheckpointRegistry;
import dev.sdwebui.model.registry.HashCache;
import dev.sdwebui.nn.LoadOptions;
import dev.sdwebui.output.ImageSaver;
import dev.sdwebui.pipeline.ModelService;
import dev.sdwebui.pipeline.PipelineServices;
import dev.sdwebui.pipeline.Txt2ImgPipeline;
import dev.sdwebui.prompt.token.BpeVocabulary;
import dev.sdwebui.prompt.token.ClipTokenizer;
import dev.sdwebui.queue.JobQueue;
import dev.sdwebui.queue.JobSpec;
import dev.sdwebui.queue.QueueOptions;
import dev.sdwebui.sampling.SamplerCatalog;
import dev.sdwebui.tensor.rng.RandomSources;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;

/**
 * Wires generation: the job queue (one worker for the one CPU device), the model service that owns
 * the loaded checkpoint, the CLIP tokenizer, embeddings, the image saver and the txt2img pipeline.
 * The checkpoint is loaded in the background at start-up, as a queue item, so the server answers
 * at once and the first job waits for the load instead of racing it.
 */
@Configuration(proxyBeanMethods = false)
public class PipelineConfiguration {

    /**
     * The A1111 release whose behaviour (prompt schedules, seeds, infotext) this build reproduces:
     * written as infotext "Version" so A1111's own back-compat rules treat our images correctly.
     */
    public static final String COMPATIBLE_VERSION = "v1.10.1";

    private static final Logger LOG = LoggerFactory.getLogger(PipelineConfiguration.class);

    @Bean(destroyMethod = "close")
    JobQueue jobQueue(LaunchOptions o, @Value("${sdwebui.queue.max-queued:64}") int maxQueued) {
        return new JobQueue(QueueOptions.defaults().withMaxQueued(maxQueued)
                .withConsole(!o.disableConsoleProgressbars(), o.enableConsolePrompts(), System.err));
    }

    @Bean(destroyMethod = "close")
    ModelService modelService(CheckpointRegistry registry, SettingsStore settings, HashCache hashCache, LaunchOptions o,
                              DeviceManager device) {
        // The device manager's choices (attention backend, bf16, medvram/lowvram hook) and --disable-safe-unpickle.
        return new ModelService(registry, () -> settings.get(A1111Settings.SD_MODEL_CHECKPOINT), hashCache,
                !o.noHashing(), LoadOptions.forDevice(device, new ReadOptions(true, o.disableSafeUnpickle())));
    }

    @Bean
    ClipTokenizer clipTokenizer(DataPaths paths) throws IOException {
        return new ClipTokenizer(BpeVocabulary.forModelsDir(paths.modelsDir()));
    }

    @Bean
    EmbeddingDatabase embeddingDatabase(DataPaths paths, LaunchOptions o) {
        return new EmbeddingDatabase(List.of(paths.embeddingsDir()), -1,
                EmbeddingFileReader.byExtension(o.disableSafeUnpickle()));
    }

    @Bean
    ImageSaver imageSaver(DataPaths paths) {
        return new ImageSaver(paths.dataDir(), Clock.systemDefaultZone());
    }

    @Bean
    Txt2ImgPipeline txt2ImgPipeline(ModelService models, SamplerCatalog samplers, RandomSources randomSources,
                                    ClipTokenizer tokenizer, EmbeddingDatabase embeddings, StylesStore styles,
                                    SettingsStore settings, SettingsRegistry registry, ImageSaver saver,
                                    LaunchOptions o, DeviceManager device,
                                    dev.sdwebui.pipeline.ExtraNetworkService networks,
                                    dev.sdwebui.postprocess.upscale.UpscalerCatalog upscalers) {
        return new Txt2ImgPipeline(new PipelineServices(models, samplers, randomSources, tokenizer, embeddings, styles,
                settings, registry, saver, Clock.systemDefaultZone(), new SecureRandom(), COMPATIBLE_VERSION,
                o.maxBatchCount(), device.nanCheck(), true, device::batchCondUncond, networks, upscalers));
    }

    /** Loads the selected checkpoint on the worker once the server is up (A1111 loads it at start-up). */
    @EventListener(ApplicationReadyEvent.class)
    public void loadModelAtStartup(ApplicationReadyEvent e) {
        CheckpointRegistry registry = e.getApplicationContext().getBean(CheckpointRegistry.class);
        if (registry.list().isEmpty()) {
            return;
        }
        ModelService models = e.getApplicationContext().getBean(ModelService.class);
        JobQueue queue = e.getApplicationContext().getBean(JobQueue.class);
        queue.submit(JobSpec.of("load-model", ctx -> {
            ctx.textinfo("Loading model...");
            return models.require(null).info().title();
        })).completion().whenComplete((title, err) -> {
            if (err != null) {
                LOG.error("Loading the checkpoint failed: {}", err.getMessage());
            }
        });
    }
}
