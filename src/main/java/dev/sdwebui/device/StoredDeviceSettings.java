package dev.sdwebui.device;

import dev.sdwebui.config.settings.SettingKey;
import dev.sdwebui.config.settings.SettingsStore;
import java.util.List;

/** {@link DeviceSettings} read live from the settings store (config.json, /sdapi/v1/options). */
public final class StoredDeviceSettings implements DeviceSettings {

    public static final SettingKey<Boolean> CPU_BF16 = SettingKey.bool("optimizations", "sd_webui_cpu_bf16", false,
            "CPU: compute conv/linear/attention in bfloat16 (faster on CPUs with AVX512-BF16/AMX; not bit-exact; applies at the next model load)");
    public static final SettingKey<Integer> GPU_WEIGHTS_MB = SettingKey.integer("optimizations", "sd_webui_gpu_weights_mb", 0,
            "GPU weights budget (MB): UNet blocks that fit stay on the GPU, the rest are streamed in one at a time; 0 = no budget");

    private final SettingsStore store;

    public StoredDeviceSettings(SettingsStore store) {
        this.store = store;
    }

    /** Our keys (A1111's cross_attention_optimization and batch_cond_uncond are built in). */
    public static List<SettingKey<?>> keys() {
        return List.of(CPU_BF16, GPU_WEIGHTS_MB);
    }

    @Override
    public String crossAttentionOptimization() {
        Object v = store.get("cross_attention_optimization");
        return v instanceof String s ? s : AttentionMode.AUTOMATIC;
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
}
