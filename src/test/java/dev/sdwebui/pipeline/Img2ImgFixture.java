package dev.sdwebui.pipeline;

import ai.djl.Device;
import dev.sdwebui.config.settings.SettingsRegistry;
import dev.sdwebui.config.settings.SettingsStore;
import dev.sdwebui.config.styles.StylesStore;
import dev.sdwebui.model.embedding.EmbeddingDatabase;
import dev.sdwebui.model.embedding.SafetensorsEmbeddingReader;
import dev.sdwebui.model.registry.CheckpointRegistry;
import dev.sdwebui.model.registry.HashCache;
import dev.sdwebui.nn.LoadOptions;
import dev.sdwebui.output.ImageSaver;
import dev.sdwebui.prompt.token.BpeVocabulary;
import dev.sdwebui.prompt.token.ClipTokenizer;
import dev.sdwebui.queue.JobQueue;
import dev.sdwebui.queue.QueueOptions;
import dev.sdwebui.sampling.SamplerCatalog;
import dev.sdwebui.sampling.denoise.NoisePredictor;
import dev.sdwebui.tensor.rng.RandomSources;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/** The tiny reference checkpoint behind a real queue with txt2img, img2img and hires pipelines (no Spring). */
final class Img2ImgFixture implements AutoCloseable {

    final SettingsStore settings;
    final ModelService models;
    final JobQueue queue;
    final PipelineServices services;
    final ExtraNetworkService networks;
    final Path loraDir;
    final Txt2ImgPipeline txt2img;
    final Img2ImgPipeline img2img;

    Img2ImgFixture(Path dataDir, UnaryOperator<NoisePredictor> hook, Function<LoadedModel, LatentEncoder> encoders)
            throws IOException {
        this(dataDir, PipelineFixture.tinyCheckpoint(), true, hook, encoders);
    }

    /** @param nanCheck false for random-weight benchmarks (their UNet output may overflow) */
    Img2ImgFixture(Path dataDir, Path ckpt, boolean nanCheck, UnaryOperator<NoisePredictor> hook,
                   Function<LoadedModel, LatentEncoder> encoders) throws IOException {
        this(dataDir, ckpt, nanCheck, hook, encoders, null);
    }

    /** @param upscalers the image upscalers by name (null: built-ins only) */
    Img2ImgFixture(Path dataDir, Path ckpt, boolean nanCheck, UnaryOperator<NoisePredictor> hook,
                   Function<LoadedModel, LatentEncoder> encoders,
                   dev.sdwebui.postprocess.upscale.UpscalerCatalog upscalers) throws IOException {
        SettingsRegistry registry = SettingsRegistry.withA1111Defaults(List.of());
        settings = new SettingsStore(registry, dataDir.resolve("config.json"), false, false);
        HashCache cache = new HashCache(dataDir.resolve("cache.json"));
        CheckpointRegistry ckpts = new CheckpointRegistry(List.of(Files.createDirectories(dataDir.resolve("models"))),
                ckpt, cache, false, () -> null);
        ckpts.refresh();
        models = new ModelService(ckpts, () -> null, cache, true, LoadOptions.defaults());
        queue = new JobQueue(QueueOptions.defaults().withConsole(false, false, new PrintStream(OutputStream.nullOutputStream())));
        PipelineServices services = new PipelineServices(models, new SamplerCatalog(), new RandomSources(Device.cpu()),
                new ClipTokenizer(BpeVocabulary.bundled()),
                new EmbeddingDatabase(List.of(Files.createDirectories(dataDir.resolve("embeddings"))), -1,
                        new SafetensorsEmbeddingReader()),
                new StylesStore(List.of(dataDir.resolve("styles.csv"))), settings, registry,
                new ImageSaver(dataDir, Clock.systemDefaultZone()), Clock.systemDefaultZone(), new Random(1),
                "v-test", 16, nanCheck, false, () -> true, upscalers);
        loraDir = Files.createDirectories(dataDir.resolve("models/Lora"));
        networks = new ExtraNetworkService(new dev.sdwebui.model.network.NetworkRegistry(List.of(loraDir)));
        this.services = services.withExtraNetworks(networks);
        txt2img = new Txt2ImgPipeline(this.services, hook);
        img2img = new Img2ImgPipeline(this.services, hook, encoders);
    }

    GenerationResult run(GenerationRequest r) throws Exception {
        return queue.submit(txt2img.job(r)).await();
    }

    GenerationResult run(Img2ImgRequest r) throws Exception {
        return queue.submit(img2img.job(r)).await();
    }

    @Override
    public void close() {
        queue.close();
        networks.close();
        models.close();
    }
}
