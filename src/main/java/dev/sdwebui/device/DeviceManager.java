package dev.sdwebui.device;

import ai.djl.ndarray.NDArray;
import dev.sdwebui.config.LaunchOptions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Owns the device choice, the dtype policy, the memory mode and the attention optimization, as
 * A1111's modules/devices.py, lowvram.py and sd_hijack_optimizations.py decide them from the launch
 * flags (and, for the attention and cond/uncond batching, from the live settings). Plain Java; one
 * bean. Thread-safe (immutable apart from the settings it reads).
 */
public final class DeviceManager {

    /** A1111's --use-cpu task names. */
    public static final List<String> TASKS = List.of("sd", "interrogate", "gfpgan", "esrgan", "codeformer");

    private final LaunchOptions options;
    private final int gpuCount;
    private final SystemMemory memory;
    private final DeviceSettings settings;

    /**
     * @param gpuCount CUDA devices the loaded libtorch can use (0 with the CPU build)
     */
    public DeviceManager(LaunchOptions options, int gpuCount, SystemMemory memory, DeviceSettings settings) {
        this.options = options;
        this.gpuCount = Math.max(gpuCount, 0);
        this.memory = memory;
        this.settings = settings;
        if (options.deviceId() != null && gpuCount > 0) {
            int id = parseDeviceId(options.deviceId());
            if (id >= gpuCount) {
                throw new IllegalArgumentException("--device-id " + id + " but only " + gpuCount + " CUDA device(s) found");
            }
        }
    }

    private static int parseDeviceId(String s) {
        try {
            return Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--device-id must be a CUDA device number (0, 1, ...), got '" + s + "'");
        }
    }

    /** Ref: devices.get_device_for(task): CPU when the task or "all" is in --use-cpu, else the optimal device. */
    public String deviceFor(String task) {
        List<String> cpu = options.useCpu().stream().map(s -> s.toLowerCase(Locale.ROOT)).toList();
        if (gpuCount == 0 || cpu.contains("all") || cpu.contains(task.toLowerCase(Locale.ROOT))) {
            return "cpu";
        }
        return options.deviceId() == null ? "cuda:0" : "cuda:" + parseDeviceId(options.deviceId());
    }

    /** Whether Stable Diffusion itself runs on CUDA. */
    public boolean cuda() {
        return deviceFor("sd").startsWith("cuda");
    }

    /** Ref: devices.dtype / dtype_vae / unet_needs_upcast; on CPU compute is fp32 unless --cpu-bf16 or the setting. */
    public PrecisionPolicy precision() {
        if (!cuda()) {
            boolean bf16 = options.cpuBf16() || settings.cpuBf16();
            return new PrecisionPolicy("float32", "float32", bf16 ? "bfloat16" : "float32", false, false);
        }
        boolean half = !options.noHalf();
        String w = half ? "float16" : "float32";
        String vae = half && !options.noHalfVae() ? "float16" : "float32";
        boolean autocast = half && !"full".equals(options.precision());
        return new PrecisionPolicy(w, vae, half ? "float16" : "float32", autocast, half && options.upcastSampling());
    }

    public MemoryMode memoryMode() {
        return options.lowvram() ? MemoryMode.LOWVRAM : options.medvram() ? MemoryMode.MEDVRAM : MemoryMode.NORMAL;
    }

    /** --lowram: load weights straight to the device instead of CPU RAM (A1111 weight_load_location). */
    public boolean loadWeightsToDevice() {
        return options.lowram() && cuda();
    }

    /**
     * Whether the sampler runs cond and uncond as one batch (CfgDenoiser's batchCondUncond): the setting,
     * off under medvram/lowvram unless --always-batch-cond-uncond (A1111 <= 1.5 semantics of the flag).
     */
    public boolean batchCondUncond() {
        boolean lowMem = memoryMode() != MemoryMode.NORMAL;
        return settings.batchCondUncond() && (!lowMem || options.alwaysBatchCondUncond());
    }

    public boolean channelsLast() {
        return options.optChannelslast();
    }

    public boolean nanCheck() {
        return !options.disableNanCheck();
    }

    /** The UNet weights budget in bytes (0: none); only meaningful on CUDA in normal memory mode. */
    public long gpuWeightsBudgetBytes() {
        return Math.max(settings.gpuWeightsBudgetMb(), 0) * (1L << 20);
    }

    /** Free memory of the SD device now: MemAvailable on CPU (the CUDA figure needs a CUDA libtorch). */
    public long freeMemoryBytes() {
        return memory.availableBytes();
    }

    /** --sub-quad-q-chunk-size (A1111 default 1024). */
    public int subQuadQChunkSize() {
        return options.subQuadQChunkSize();
    }

    /** --sub-quad-kv-chunk-size; null: sqrt(key tokens). */
    public Integer subQuadKvChunkSize() {
        return options.subQuadKvChunkSize();
    }

    /** --sub-quad-chunk-threshold (% of free memory); null: 70%. */
    public Integer subQuadChunkThreshold() {
        return options.subQuadChunkThreshold();
    }

    /** --xformers-flash-attention. */
    public boolean xformersFlash() {
        return options.xformersFlashAttention();
    }

    /** A placement policy for one loaded model. */
    public ModulePlacer newPlacer(WeightMover mover, Map<String, Long> unetUnitBytes) {
        return new ModulePlacer(memoryMode(), cuda() ? mover : WeightMover.NONE, unetUnitBytes, gpuWeightsBudgetBytes());
    }

    /** Whether a mode can run here (A1111's is_available: xformers needs CUDA or --force-enable-xformers). */
    public boolean available(AttentionMode mode) {
        if (mode == AttentionMode.XFORMERS) {
            return options.forceEnableXformers() || (options.xformers() && cuda());
        }
        return true;
    }

    /** The attention optimization in effect now: the setting, or "Automatic" resolved by flags and device. */
    public AttentionMode attentionMode() {
        String s = settings.crossAttentionOptimization();
        if (s == null || s.isBlank() || AttentionMode.AUTOMATIC.equalsIgnoreCase(s.trim())) {
            return automaticAttention();
        }
        return AttentionMode.parse(s).filter(this::available).orElseGet(this::automaticAttention);
    }

    /**
     * Ref: sd_hijack.apply_optimizations with "Automatic": optimizers sorted by priority (stable), the
     * first whose command-line flag is set, else the first; --disable-opt-split-attention gives none.
     */
    public AttentionMode automaticAttention() {
        if (options.disableOptSplitAttention()) {
            return AttentionMode.NONE;
        }
        List<AttentionMode> ranked = new ArrayList<>();
        for (AttentionMode m : AttentionMode.values()) {
            if (m != AttentionMode.NONE && available(m)) {
                ranked.add(m);
            }
        }
        boolean gpu = cuda();
        ranked.sort(Comparator.comparingInt((AttentionMode m) -> -m.priority(gpu)));
        return ranked.stream().filter(this::flagSet).findFirst().orElse(ranked.get(0));
    }

    private boolean flagSet(AttentionMode m) {
        return switch (m) {
            case XFORMERS -> options.xformers() || options.forceEnableXformers();
            case DOGGETTX -> options.optSplitAttention();
            case SDP_NO_MEM -> options.optSdpNoMemAttention();
            case SDP -> options.optSdpAttention();
            case SUB_QUADRATIC -> options.optSubQuadAttention();
            case V1 -> options.optSplitAttentionV1();
            case INVOKEAI -> options.optSplitAttentionInvokeai();
            case NONE -> options.disableOptSplitAttention();
        };
    }

    /**
     * Ref: devices.test_for_nans: raises only when every element is NaN, with A1111's advice.
     *
     * @param where "unet" or "vae"
     */
    public void testForNans(NDArray x, String where) {
        if (!nanCheck() || !x.isNaN().all().getBoolean()) {
            return;
        }
        throw new NansException(nanMessage(where));
    }

    String nanMessage(String where) {
        String msg;
        if ("unet".equals(where)) {
            msg = "A tensor with all NaNs was produced in Unet.";
            if (!options.noHalf()) {
                msg += " This could be either because there's not enough precision to represent the picture, or because"
                        + " your video card does not support half type. Try setting the \"Upcast cross attention layer to"
                        + " float32\" option in Settings > Stable Diffusion or using the --no-half commandline argument to fix this.";
            }
        } else if ("vae".equals(where)) {
            msg = "A tensor with all NaNs was produced in VAE.";
            if (!options.noHalf() && !options.noHalfVae()) {
                msg += " This could be because there's not enough precision to represent the picture. Try adding"
                        + " --no-half-vae commandline argument to fix this.";
            }
        } else {
            msg = "A tensor with all NaNs was produced.";
        }
        return msg + " Use --disable-nan-check commandline argument to disable this check.";
    }

    /** The choices, for /sdapi/v1/memory-style reports and the start-up log. */
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("device", deviceFor("sd"));
        m.put("cuda_devices", gpuCount);
        PrecisionPolicy p = precision();
        m.put("dtype", p.weights());
        m.put("dtype_vae", p.vaeWeights());
        m.put("compute", p.compute());
        m.put("autocast", p.autocast());
        m.put("upcast_sampling", p.upcastSampling());
        m.put("memory_mode", memoryMode().label());
        m.put("lowram", options.lowram());
        m.put("batch_cond_uncond", batchCondUncond());
        m.put("channels_last", channelsLast());
        m.put("nan_check", nanCheck());
        m.put("cross_attention", attentionMode().title());
        m.put("cross_attention_setting", settings.crossAttentionOptimization());
        m.put("sub_quad", List.of(options.subQuadQChunkSize(), String.valueOf(options.subQuadKvChunkSize()),
                String.valueOf(options.subQuadChunkThreshold())));
        m.put("gpu_weights_budget_mb", settings.gpuWeightsBudgetMb());
        m.put("free_memory_bytes", freeMemoryBytes());
        return m;
    }

    /** The one start-up block. */
    public String startupReport() {
        StringBuilder sb = new StringBuilder("Device manager:");
        PrecisionPolicy p = precision();
        line(sb, "device", deviceFor("sd") + (gpuCount == 0 ? " (no CUDA device usable by the loaded libtorch"
                + (options.allowDjlDownload() ? "; --allow-djl-download lets DJL fetch a CUDA libtorch on a GPU machine)" : ")") : ""));
        List<String> cpuTasks = TASKS.stream().filter(t -> !t.equals("sd") && deviceFor(t).equals("cpu") && cuda()).toList();
        if (!cpuTasks.isEmpty()) {
            line(sb, "on CPU (--use-cpu)", String.join(", ", cpuTasks));
        }
        line(sb, "precision", "weights " + p.weights() + ", VAE " + p.vaeWeights() + ", compute " + p.compute()
                + (p.autocast() ? " (autocast)" : "") + (p.upcastSampling() ? ", upcast sampling" : "")
                + (cuda() ? (p.autocast() ? " (fp16 end to end; autocast's fp32 islands are not reproduced)" : "")
                        : p.unetBf16() ? " (UNet conv/linear/attention in bf16: faster, not bit-exact)"
                        : " (CPU always computes fp32; --cpu-bf16 opts into bf16)"));
        line(sb, "memory", memoryMode().label() + (options.lowram() ? ", lowram" : "")
                + ", cond/uncond " + (batchCondUncond() ? "batched" : "one after the other")
                + (memoryMode() != MemoryMode.NORMAL && !cuda() ? " (placement is a no-op on CPU)" : ""));
        AttentionMode a = attentionMode();
        line(sb, "cross attention", a.title() + " (setting: " + settings.crossAttentionOptimization() + ")"
                + (a == AttentionMode.XFORMERS && !cuda() ? " = torch SDPA on CPU (xformers' kernels live in SDPA)" : ""));
        if (options.xformers() && !available(AttentionMode.XFORMERS)) {
            line(sb, "xformers", "needs CUDA (A1111's check); --force-enable-xformers maps it to SDPA here");
        }
        line(sb, "channels-last", String.valueOf(channelsLast()));
        line(sb, "NaN check", nanCheck() ? "on" : "off (--disable-nan-check)");
        return sb.toString();
    }

    private static void line(StringBuilder sb, String k, String v) {
        sb.append("\n  ").append(k).append(": ").append(v);
    }
}
