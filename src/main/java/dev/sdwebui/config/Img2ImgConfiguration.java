package dev.sdwebui.config;

import dev.sdwebui.config.settings.SettingsRegistry;
import dev.sdwebui.config.settings.SettingsStore;
import dev.sdwebui.config.styles.StylesStore;
import dev.sdwebui.model.embedding.EmbeddingDatabase;
import dev.sdwebui.output.ImageSaver;
import dev.sdwebui.pipeline.Img2ImgPipeline;
import dev.sdwebui.pipeline.ModelService;
import dev.sdwebui.pipeline.PipelineServices;
import dev.sdwebui.prompt.token.ClipTokenizer;
import dev.sdwebui.sampling.SamplerCatalog;
import dev.sdwebui.tensor.rng.RandomSources;
import java.security.SecureRandom;
import dev.sdwebui.device.DeviceManager;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the img2img / inpaint pipeline and the hires fix over the same services as txt2img. */
@Configuration(proxyBeanMethods = false)
public class Img2ImgConfiguration {

    @Bean
    Img2ImgPipeline img2ImgPipeline(ModelService models, SamplerCatalog samplers, RandomSources randomSources,
                                    ClipTokenizer tokenizer, EmbeddingDatabase embeddings, StylesStore styles,
                                    SettingsStore settings, SettingsRegistry registry, ImageSaver saver,
                                    LaunchOptions o, DeviceManager device,
                                    dev.sdwebui.pipeline.ExtraNetworkService networks,
                                    dev.sdwebui.postprocess.upscale.UpscalerCatalog upscalers) {
        return new Img2ImgPipeline(new PipelineServices(models, samplers, randomSources, tokenizer, embeddings, styles,
                settings, registry, saver, Clock.systemDefaultZone(), new SecureRandom(),
                PipelineConfiguration.COMPATIBLE_VERSION, o.maxBatchCount(), device.nanCheck(), true,
                device::batchCondUncond, networks, upscalers));
    }
}
