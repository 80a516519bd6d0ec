package dev.sdwebui.nn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sdwebui.config.LaunchOptions;
import dev.sdwebui.device.DeviceManager;
import dev.sdwebui.device.DeviceSettings;
import dev.sdwebui.device.SystemMemory;
import dev.sdwebui.model.io.ReadOptions;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a model load asks for on each device: CUDA follows A1111's precision flags, CPU is always fp32. */
class LoadOptionsForDeviceTest {

    private static LoadOptions forDevice(int gpus, Object... flags) {
        Map<String, Object> v = new HashMap<>();
        for (int i = 0; i < flags.length; i += 2) {
            v.put((String) flags[i], flags[i + 1]);
        }
        DeviceManager dm = new DeviceManager(LaunchOptions.fromValues(v), gpus, SystemMemory.proc(), DeviceSettings.defaults());
        return LoadOptions.forDevice(dm, ReadOptions.defaults());
    }

    @Test
    void cudaDefaultsToFp16WeightsAndVaeLikeA1111() {
        LoadOptions o = forDevice(1);
        assertThat(o.device()).isEqualTo("cuda:0");
        assertThat(o.halfWeights()).isTrue();
        assertThat(o.halfVae()).isTrue();
        assertThat(o.placement()).isNotNull();
        assertThat(o.read().upcastToFloat32()).as("stored dtype kept: the loader casts per network").isFalse();
    }

    @Test
    void precisionFlagsOnCuda() {
        assertThat(forDevice(1, "no-half-vae", true).halfVae()).isFalse();
        assertThat(forDevice(1, "no-half-vae", true).halfWeights()).isTrue();
        assertThat(forDevice(1, "no-half", true).halfWeights()).isFalse();
        assertThat(forDevice(1, "no-half", true).halfVae()).isFalse();
        assertThat(forDevice(2, "device-id", "1").device()).isEqualTo("cuda:1");
    }

    @Test
    void cpuAndUseCpuAllStayFp32OnTheCpu() {
        LoadOptions cpu = forDevice(0);
        assertThat(cpu.device()).isEqualTo("cpu");
        assertThat(cpu.halfWeights()).isFalse();
        assertThat(cpu.halfVae()).isFalse();
        assertThat(cpu.read().upcastToFloat32()).isTrue();
        LoadOptions useCpu = forDevice(1, "use-cpu", java.util.List.of("all"));
        assertThat(useCpu.device()).isEqualTo("cpu");
        assertThat(useCpu.halfWeights()).isFalse();
    }
}
