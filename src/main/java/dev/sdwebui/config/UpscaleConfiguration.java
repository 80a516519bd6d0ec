package dev.sdwebui.config;

import ai.djl.ndarray.NDManager;
import dev.sdwebui.config.settings.SettingKey;
import dev.sdwebui.config.settings.SettingsContribution;
import dev.sdwebui.config.settings.SettingsRegistry;
import dev.sdwebui.config.settings.SettingsStore;
import dev.sdwebui.output.ImageSaver;
import dev.sdwebui.pipeline.ExtrasPipeline;
import dev.sdwebui.postprocess.upscale.UpscaleModelCache;
import dev.sdwebui.postprocess.upscale.UpscalerCatalog;
import dev.sdwebui.tensor.script.TorchOps;
import java.util.List;
import java.util.function.Supplier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Model upscalers (ESRGAN, RealESRGAN, DAT, SwinIR, ScuNET folders), their tile settings and the Extras
 * pipeline. The TorchScript ops and the upscaler's native memory are created on first use.
 */
@Configuration
public class UpscaleConfiguration {

    /** A1111's "upscaling" settings (shared/options: ESRGAN/DAT; SwinIR and ScuNET extensions add theirs). */
    static List<SettingKey<?>> keys() {
        return List.of(
                SettingKey.integer("upscaling", "ESRGAN_tile", 192, "Tile size for ESRGAN upscalers."),
                SettingKey.integer("upscaling", "ESRGAN_tile_overlap", 8, "Tile overlap for ESRGAN upscalers."),
                SettingKey.integer("upscaling", "DAT_tile", 192, "Tile size for DAT upscalers."),
                SettingKey.integer("upscaling", "DAT_tile_overlap", 8, "Tile overlap for DAT upscalers."),
                SettingKey.integer("upscaling", "SWIN_tile", 192, "Tile size for all SwinIR."),
                SettingKey.integer("upscaling", "SWIN_tile_overlap", 8, "Tile overlap, in pixels for SwinIR."),
                SettingKey.integer("upscaling", "SCUNET_tile", 256, "Tile size for SCUNET upscalers."),
                SettingKey.integer("upscaling", "SCUNET_tile_overlap", 8, "Tile overlap for SCUNET upscalers."));
    }

    @Bean
    SettingsContribution upscaleSettings() {
        return UpscaleConfiguration::keys;
    }

    @Bean(destroyMethod = "close")
    UpscaleModelCache upscaleModelCache(LaunchOptions o) {
        NDManager manager = NDManager.newBaseManager(ai.djl.Device.cpu());
        Supplier<TorchOps> ops = new Supplier<>() {
            private TorchOps loaded;

            @Override
            public synchronized TorchOps get() {
                if (loaded == null) {
                    loaded = TorchOps.load(manager);
                }
                return loaded;
            }
        };
        return new UpscaleModelCache(manager, ops, o.disableSafeUnpickle());
    }

    @Bean
    UpscalerCatalog upscalerCatalog(DataPaths paths, UpscaleModelCache cache, SettingsStore store) {
        return new UpscalerCatalog(paths.upscalerDirs(), cache, key -> {
            Object v = store.get(key);
            if (v instanceof Number n) {
                return n.intValue();
            }
            return keys().stream().filter(k -> k.key().equals(key)).map(k -> (Integer) k.defaultValue()).findFirst()
                    .orElseThrow(() -> new IllegalStateException("unknown upscaling setting " + key));
        });
    }

    @Bean
    ExtrasPipeline extrasPipeline(UpscalerCatalog catalog, ImageSaver saver, SettingsStore store,
                                  SettingsRegistry registry) {
        return new ExtrasPipeline(catalog, saver, store, registry);
    }
}
