package dev.sdwebui.pipeline;

import dev.sdwebui.config.settings.SettingsRegistry;
import dev.sdwebui.config.settings.SettingsStore;
import dev.sdwebui.config.styles.StylesStore;
import ai.djl.Device;
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
import dev.sdwebui.testsupport.SharedReference;
import java.io.IOException;
import java.io.PrintStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;

/** The tiny reference checkpoint behind a real queue, over a temp data dir (no Spring). */
final class PipelineFixture implements AutoCloseable {

    /** The tiny reference checkpoint (skips the test when ../shared is absent). */
    static Path tinyCheckpoint() {
        return SharedReference.tinyDir().resolve("tiny-fp32.safetensors");
    }

    final Path dataDir;
    final SettingsStore settings;
    final ModelService models;
    final JobQueue queue;
    final Txt2ImgPipeline pipeline;
    final Path embeddingsDir;
    final Path loraDir;
    final Path hypernetworkDir;
    final ExtraNetworkService networks;

    PipelineFixture(Path dataDir, UnaryOperator<NoisePredictor> hook) throws IOException {
        this(dataDir, tinyCheckpoint(), hook, true);
    }

    PipelineFixture(Path dataDir, Path ckpt, UnaryOperator<NoisePredictor> hook, boolean nanCheck) throws IOException {
        this(dataDir, ckpt, hook, nanCheck, LoadOptions.defaults());
    }

    PipelineFixture(Path dataDir, Path ckpt, UnaryOperator<NoisePredictor> hook, boolean nanCheck, LoadOptions load)
            throws IOException {
        this.dataDir = dataDir;
        this.embeddingsDir = Files.createDirectories(dataDir.resolve("embeddings"));
        this.loraDir = Files.createDirectories(dataDir.resolve("models/Lora"));
        this.hypernetworkDir = Files.createDirectories(dataDir.resolve("models/hypernetworks"));
        this.networks = new ExtraNetworkService(new dev.sdwebui.model.network.NetworkRegistry(List.of(loraDir)),
                new dev.sdwebui.model.network.HypernetworkRegistry(hypernetworkDir));
        SettingsRegistry registry = SettingsRegistry.withA1111Defaults(List.of());
        settings = new SettingsStore(registry, dataDir.resolve("config.json"), false, false);
        HashCache cache = new HashCache(dataDir.resolve("cache.json"));
        CheckpointRegistry ckpts = new CheckpointRegistry(List.of(Files.createDirectories(dataDir.resolve("models"))),
                ckpt, cache, true, () -> null);
        ckpts.refresh();
        models = new ModelService(ckpts, () -> null, cache, true, load);
        queue = new JobQueue(QueueOptions.defaults().withConsole(false, false, new PrintStream(OutputStream.nullOutputStream())));
        PipelineServices services = new PipelineServices(models, new SamplerCatalog(), new RandomSources(Device.cpu()),
                new ClipTokenizer(BpeVocabulary.bundled()),
                new EmbeddingDatabase(List.of(embeddingsDir), -1, new SafetensorsEmbeddingReader()),
                new StylesStore(List.of(dataDir.resolve("styles.csv"))), settings, registry,
                new ImageSaver(dataDir, Clock.systemDefaultZone()), Clock.systemDefaultZone(), new Random(1),
                "v-test", 16, nanCheck, true).withExtraNetworks(networks);
        pipeline = new Txt2ImgPipeline(services, hook);
    }

    GenerationResult run(GenerationRequest r) throws Exception {
        return queue.submit(pipeline.job(r)).await();
    }

    @Override
    public void close() {
        queue.close();
        networks.close();
        models.close();
    }
}
