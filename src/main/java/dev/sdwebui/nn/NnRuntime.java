package dev.sdwebui.nn;

import dev.sdwebui.device.ModuleHook;
import dev.sdwebui.nn.attention.AttentionBackend;
import dev.sdwebui.tensor.script.KernelChecks;
import dev.sdwebui.tensor.script.TorchOps;
import java.util.Objects;

/**
 * The kernels a block tree computes with: the TorchScript ops module, the attention strategy, and
 * whether convolutional activations run in channels-last (NHWC) memory order, and whether conv/linear
 * compute in bf16 (weights pre-cast at load, fp32 in and out; avx512_bf16 makes them 2.4-3.2x faster,
 * djl-notes.md section 3; opt-in: not bit-compatible with fp32), the model's conv padding mode
 * ({@link ConvPadding}: circular for A1111 "Tiling", one instance shared by every block of a model), and
 * the hook a memory policy (medvram/lowvram, device package) uses to place a unit's weights before it runs,
 * and the self-tested choice of kernel per conv/linear/attention configuration ({@link KernelChecks}: fp32 convs,
 * and the bf16 ops), shared by every block of a model so that each configuration is tested once.
 */
public record NnRuntime(TorchOps ops, AttentionBackend attention, boolean channelsLast, boolean bf16,
                        ConvPadding padding, ModuleHook hook, KernelChecks kernels) {
    public NnRuntime {
        Objects.requireNonNull(ops, "ops");
        Objects.requireNonNull(attention, "attention");
        Objects.requireNonNull(padding, "padding");
        hook = hook == null ? ModuleHook.NONE : hook;
        if (kernels == null) {
            kernels = new KernelChecks(ops);
        }
    }

    public NnRuntime(TorchOps ops, AttentionBackend attention, boolean channelsLast, boolean bf16,
                     ConvPadding padding, ModuleHook hook) {
        this(ops, attention, channelsLast, bf16, padding, hook, null);
    }

    public NnRuntime(TorchOps ops, AttentionBackend attention, boolean channelsLast, boolean bf16) {
        this(ops, attention, channelsLast, bf16, new ConvPadding(), ModuleHook.NONE);
    }

    public NnRuntime(TorchOps ops, AttentionBackend attention, boolean channelsLast) {
        this(ops, attention, channelsLast, false);
    }

    public NnRuntime(TorchOps ops, AttentionBackend attention) {
        this(ops, attention, false, false);
    }

    /** The same kernels (and the same shared padding mode) with another attention backend (the UNet's bf16 SDPA). */
    public NnRuntime withAttention(AttentionBackend other) {
        return new NnRuntime(ops, other, channelsLast, bf16, padding, hook, kernels);
    }
}
