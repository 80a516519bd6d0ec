package dev.sdwebui.device;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sdwebui.config.LaunchOptions;
import dev.sdwebui.config.settings.SettingsRegistry;
import dev.sdwebui.config.settings.SettingsStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Changing cross_attention_optimization in the settings switches the manager's choice without a restart. */
class StoredDeviceSettingsTest {

    @TempDir
    Path dir;

    @Test
    void settingsChangeTheChoiceLive() {
        SettingsStore store = new SettingsStore(SettingsRegistry.withA1111Defaults(List.of(StoredDeviceSettings::keys)),
                dir.resolve("config.json"), false, false);
        DeviceManager dm = new DeviceManager(LaunchOptions.defaults(), 0, SystemMemory.proc(), new StoredDeviceSettings(store));
        assertThat(dm.attentionMode()).isEqualTo(AttentionMode.INVOKEAI);
        store.setAll(Map.of("cross_attention_optimization", "sdp - scaled dot product"));
        assertThat(dm.attentionMode()).isEqualTo(AttentionMode.SDP);
        store.setAll(Map.of("batch_cond_uncond", false, "sd_webui_cpu_bf16", true, "sd_webui_gpu_weights_mb", 2048));
        assertThat(dm.batchCondUncond()).isFalse();
        assertThat(dm.precision().unetBf16()).isTrue();
        assertThat(dm.gpuWeightsBudgetBytes()).isEqualTo(2048L << 20);
    }
}
