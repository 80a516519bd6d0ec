package dev.sdwebui.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sdwebui.config.LaunchOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeviceManagerTest {

    @TempDir
    Path dir;

    private DeviceManager dm(int gpus, String setting, Object... flags) {
        Map<String, Object> v = new HashMap<>();
        for (int i = 0; i < flags.length; i += 2) {
            v.put((String) flags[i], flags[i + 1]);
        }
        DeviceSettings s = new DeviceSettings() {
            @Override
            public String crossAttentionOptimization() {
                return setting;
            }

            @Override
            public boolean batchCondUncond() {
                return true;
            }

            @Override
            public boolean cpuBf16() {
                return false;
            }

            @Override
            public int gpuWeightsBudgetMb() {
                return 0;
            }
        };
        return new DeviceManager(LaunchOptions.fromValues(v), gpus, SystemMemory.proc(), s);
    }

    @Test
    void automaticFollowsA1111PrioritiesPerDevice() {
        assertThat(dm(0, "Automatic").attentionMode()).isEqualTo(AttentionMode.INVOKEAI); // 1000 without CUDA
        assertThat(dm(1, "Automatic").attentionMode()).isEqualTo(AttentionMode.DOGGETTX); // 90; xformers needs its flag
        assertThat(dm(1, "Automatic", "xformers", true).attentionMode()).isEqualTo(AttentionMode.XFORMERS);
        assertThat(dm(1, "Automatic", "opt-sdp-attention", true).attentionMode()).isEqualTo(AttentionMode.SDP);
        assertThat(dm(0, "Automatic", "opt-sub-quad-attention", true).attentionMode()).isEqualTo(AttentionMode.SUB_QUADRATIC);
        assertThat(dm(0, "Automatic", "opt-split-attention-v1", true).attentionMode()).isEqualTo(AttentionMode.V1);
        assertThat(dm(0, "Automatic", "disable-opt-split-attention", true).attentionMode()).isEqualTo(AttentionMode.NONE);
        // two flags: the higher priority wins (sdp-no-mem 80 over sdp 70)
        assertThat(dm(0, "Automatic", "opt-sdp-attention", true, "opt-sdp-no-mem-attention", true).attentionMode())
                .isEqualTo(AttentionMode.SDP_NO_MEM);
    }

    @Test
    void xformersOnCpuNeedsForceAndThenMapsToSdpa() {
        assertThat(dm(0, "Automatic", "xformers", true).attentionMode()).isEqualTo(AttentionMode.INVOKEAI);
        assertThat(dm(0, "Automatic", "xformers", true).startupReport()).contains("xformers: needs CUDA");
        DeviceManager forced = dm(0, "Automatic", "force-enable-xformers", true);
        assertThat(forced.attentionMode()).isEqualTo(AttentionMode.XFORMERS);
        assertThat(forced.startupReport()).contains("= torch SDPA on CPU");
    }

    @Test
    void settingOverridesFlagsAndAcceptsA1111Titles() {
        assertThat(dm(0, "sdp - scaled dot product", "opt-split-attention", true).attentionMode()).isEqualTo(AttentionMode.SDP);
        assertThat(dm(0, "sdp-no-mem - scaled dot product without memory efficient attention").attentionMode())
                .isEqualTo(AttentionMode.SDP_NO_MEM);
        assertThat(dm(0, "V1 - original v1").attentionMode()).isEqualTo(AttentionMode.V1);
        assertThat(dm(0, "None").attentionMode()).isEqualTo(AttentionMode.NONE);
        assertThat(dm(0, "sub-quadratic").attentionMode()).isEqualTo(AttentionMode.SUB_QUADRATIC);
        assertThat(dm(0, "no such thing").attentionMode()).isEqualTo(AttentionMode.INVOKEAI);
    }

    @Test
    void deviceChoiceHonoursUseCpuAndDeviceId() {
        assertThat(dm(0, "Automatic").deviceFor("sd")).isEqualTo("cpu");
        assertThat(dm(2, "Automatic", "device-id", "1").deviceFor("sd")).isEqualTo("cuda:1");
        DeviceManager partial = dm(1, "Automatic", "use-cpu", List.of("interrogate", "esrgan"));
        assertThat(partial.deviceFor("sd")).isEqualTo("cuda:0");
        assertThat(partial.deviceFor("esrgan")).isEqualTo("cpu");
        assertThat(dm(1, "Automatic", "use-cpu", List.of("all")).deviceFor("sd")).isEqualTo("cpu");
        assertThatThrownBy(() -> dm(1, "Automatic", "device-id", "3")).hasMessageContaining("only 1 CUDA device");
        assertThatThrownBy(() -> dm(1, "Automatic", "device-id", "x")).hasMessageContaining("--device-id must be");
    }

    @Test
    void precisionPolicy() {
        PrecisionPolicy cpu = dm(0, "Automatic").precision();
        assertThat(cpu.compute()).isEqualTo("float32");
        assertThat(cpu.unetBf16()).isFalse();
        assertThat(dm(0, "Automatic", "cpu-bf16", true).precision().unetBf16()).isTrue();
        PrecisionPolicy gpu = dm(1, "Automatic").precision();
        assertThat(gpu.weights()).isEqualTo("float16");
        assertThat(gpu.autocast()).isTrue();
        assertThat(dm(1, "Automatic", "no-half-vae", true).precision().vaeWeights()).isEqualTo("float32");
        assertThat(dm(1, "Automatic", "no-half", true).precision().weights()).isEqualTo("float32");
        assertThat(dm(1, "Automatic", "precision", "full").precision().autocast()).isFalse();
        assertThat(dm(1, "Automatic", "upcast-sampling", true).precision().upcastSampling()).isTrue();
        assertThat(dm(1, "Automatic", "cpu-bf16", true).precision().unetBf16()).isFalse(); // CPU-only option
    }

    @Test
    void memoryModesUnbatchCondUncondUnlessAlwaysBatch() {
        assertThat(dm(0, "Automatic").batchCondUncond()).isTrue();
        assertThat(dm(0, "Automatic", "medvram", true).memoryMode()).isEqualTo(MemoryMode.MEDVRAM);
        assertThat(dm(0, "Automatic", "medvram", true).batchCondUncond()).isFalse();
        assertThat(dm(0, "Automatic", "lowvram", true).batchCondUncond()).isFalse();
        assertThat(dm(0, "Automatic", "lowvram", true, "always-batch-cond-uncond", true).batchCondUncond()).isTrue();
        assertThat(dm(0, "Automatic", "lowvram", true, "medvram", true).memoryMode()).isEqualTo(MemoryMode.LOWVRAM);
    }

    @Test
    void nanMessagesAreA1111s() {
        DeviceManager d = dm(1, "Automatic");
        assertThat(d.nanMessage("unet")).startsWith("A tensor with all NaNs was produced in Unet. This could be either")
                .endsWith("Use --disable-nan-check commandline argument to disable this check.");
        assertThat(d.nanMessage("vae")).contains("Try adding --no-half-vae commandline argument to fix this.");
        assertThat(dm(1, "Automatic", "no-half", true).nanMessage("vae"))
                .isEqualTo("A tensor with all NaNs was produced in VAE. Use --disable-nan-check commandline argument to disable this check.");
    }

    @Test
    void startupReportIsOneBlockNamingEveryChoice() {
        String r = dm(0, "Automatic", "medvram", true).startupReport();
        assertThat(r).startsWith("Device manager:").contains("device: cpu", "precision: weights float32",
                "memory: medvram, cond/uncond one after the other", "cross attention: InvokeAI (setting: Automatic)",
                "NaN check: on");
        assertThat(dm(0, "Automatic").describe()).containsEntry("cross_attention", "InvokeAI").containsEntry("device", "cpu");
    }

    @Test
    void freeMemoryOnCpuIsMemAvailable() throws Exception {
        Path meminfo = dir.resolve("meminfo");
        Files.writeString(meminfo, "MemTotal:       24000000 kB\nMemFree:  100 kB\nMemAvailable:   16000000 kB\n");
        SystemMemory m = new SystemMemory(meminfo, dir.resolve("none"));
        assertThat(m.availableBytes()).isEqualTo(16_000_000L * 1024);
        assertThat(m.totalBytes()).isEqualTo(24_000_000L * 1024);
        assertThat(m.rssBytes()).isZero();
    }
}
