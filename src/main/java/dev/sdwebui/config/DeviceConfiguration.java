package dev.sdwebui.config;

import ai.djl.engine.Engine;
import dev.sdwebui.config.settings.SettingKey;
import dev.sdwebui.config.settings.SettingsContribution;
import dev.sdwebui.config.settings.SettingsStore;
import dev.sdwebui.device.DeviceManager;
import dev.sdwebui.device.DeviceSettings;
import dev.sdwebui.device.SystemMemory;
import java.util.List;
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
    static final SettingKey<Boolean> CPU_BF16 = SettingKey.bool("optimizations", "sd_webui_cpu_bf16", false,
            "CPU: compute the UNet in bfloat16 (about 2x faster on CPUs with AVX512-BF16/AMX; not bit-exact; applies at the next model load)");
    static final SettingKey<Integer> GPU_WEIGHTS_MB = SettingKey.integer("optimizations", "sd_webui_gpu_weights_mb", 0,
            "GPU weights budget (MB): UNet blocks that fit stay on the GPU, the rest are streamed in one at a time; 0 = no budget");

    @Bean
    SettingsContribution deviceSettings() {
        return () -> List.of(CPU_BF16, GPU_WEIGHTS_MB);
    }

    @Bean
    DeviceManager deviceManager(LaunchOptions options, SettingsStore store) {
        DeviceManager dm = new DeviceManager(options, cudaDevices(options), SystemMemory.proc(), settings(store));
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

    static DeviceSettings settings(SettingsStore store) {
        return new DeviceSettings() {
            @Override
            public String crossAttentionOptimization() {
                Object v = store.get("cross_attention_optimization");
                return v instanceof String s ? s : "Automatic";
            }

            @Override
            public boolean batchCondUncond() {
                return !Boolean.FALSE.equals(store.get("batch_cond_uncond"));
            }

            @Override
            public boolean cpuBf16() {
                return store.get(CPU_BF16);
            }

            @Override
            public int gpuWeightsBudgetMb() {
                return store.get(GPU_WEIGHTS_MB);
            }
        };
    }
}
