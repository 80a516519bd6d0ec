package dev.sdwebui.config;

import ai.djl.engine.Engine;
import dev.sdwebui.config.settings.SettingsContribution;
import dev.sdwebui.config.settings.SettingsStore;
import dev.sdwebui.device.DeviceManager;
import dev.sdwebui.device.StoredDeviceSettings;
import dev.sdwebui.device.SystemMemory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The {@link DeviceManager} bean and its settings. The manager reads {@code cross_attention_optimization}
 * and {@code batch_cond_uncond} (A1111's keys) and our two keys at every use, so changing them in
 * Settings or through /sdapi/v1/options applies at the next UNet call (bf16: the next model load).
 */
@Configuration
public class DeviceConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(DeviceConfiguration.class);

    @Bean
    SettingsContribution deviceSettings() {
        return StoredDeviceSettings::keys;
    }

    @Bean
    DeviceManager deviceManager(LaunchOptions options, SettingsStore store) {
        DeviceManager dm = new DeviceManager(options, cudaDevices(options), SystemMemory.proc(), new StoredDeviceSettings(store));
        LOG.info("{}", dm.startupReport());
        return dm;
    }

    /**
     * CUDA devices the loaded libtorch can use. The bundled libtorch is the CPU build, so without a
     * CUDA libtorch (PYTORCH_LIBRARY_PATH) or --allow-djl-download the answer is 0 without starting the
     * engine (DJL's CudaUtils may still see a driver: that does not make the CPU build use it).
     */
    static int cudaDevices(LaunchOptions options) {
        boolean cudaLibtorchPossible = System.getenv("PYTORCH_LIBRARY_PATH") != null || options.allowDjlDownload();
        if (!cudaLibtorchPossible || options.useCpu().stream().anyMatch(s -> s.equalsIgnoreCase("all"))) {
            return 0;
        }
        try {
            Engine engine = Engine.getEngine("PyTorch");
            boolean cudaBuild = !engine.getVersion().isEmpty() && engine.defaultDevice().isGpu();
            return cudaBuild ? engine.getGpuCount() : 0;
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            LOG.warn("cannot query CUDA devices ({}); using the CPU", e.getMessage());
            return 0;
        }
    }
}
