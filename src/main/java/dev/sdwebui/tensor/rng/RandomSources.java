package dev.sdwebui.tensor.rng;

import ai.djl.Device;
import java.util.List;
import java.util.Locale;

/**
 * The three values of A1111's {@code randn_source} setting, created once per process: the torch
 * sources share libtorch's global generator, so there must be exactly one lock around it
 * (see {@link TorchRandomSource}).
 */
public final class RandomSources {

    /** Setting values as A1111 offers them; GPU is A1111's default. */
    public static final List<String> NAMES = List.of("GPU", "CPU", "NV");

    private final TorchRandomSource cpu;
    private final TorchRandomSource gpu;
    private final NvRandomSource nv = new NvRandomSource();

    /** @param computeDevice where the UNet runs (GPU falls back to the CPU generator when this is the CPU) */
    public RandomSources(Device computeDevice) {
        TorchRandomSource.GlobalGenerator global = new TorchRandomSource.GlobalGenerator();
        this.cpu = TorchRandomSource.cpu(global);
        this.gpu = TorchRandomSource.gpu(computeDevice, global);
    }

    /** Case-insensitive "GPU", "CPU" or "NV"; anything else is a clear error. */
    public RandomSource byName(String name) {
        String key = name == null ? "" : name.trim().toUpperCase(Locale.ROOT);
        return switch (key) {
            case "CPU" -> cpu;
            case "GPU" -> gpu;
            case "NV" -> nv;
            default -> throw new IllegalArgumentException("randn_source must be one of GPU, CPU, NV; got '" + name + "'");
        };
    }
}
