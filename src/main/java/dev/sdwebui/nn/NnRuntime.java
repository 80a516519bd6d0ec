package dev.sdwebui.nn;

import dev.sdwebui.device.ModuleHook;
import dev.sdwebui.nn.attention.AttentionBackend;
import dev.sdwebui.tensor.script.TorchOps;
import java.util.Objects;

/**
 * The kernels a block tree computes with: the TorchScript ops module, the attention strategy, and
 * whether convolutional activations run in channels-last (NHWC) memory order, whether linear and
 * conv layers compute in bfloat16 inside the ops module (fp32 in/out; CPU {@code --cpu-bf16}), and the
 * hook a memory policy (medvram/lowvram) uses to place a unit's weights before it runs.
 */
public record NnRuntime(TorchOps ops, AttentionBackend attention, boolean channelsLast, boolean bf16, ModuleHook hook) {
    public NnRuntime {
        Objects.requireNonNull(ops, "ops");
        Objects.requireNonNull(attention, "attention");
        hook = hook == null ? ModuleHook.NONE : hook;
    }

    public NnRuntime(TorchOps ops, AttentionBackend attention, boolean channelsLast) {
        this(ops, attention, channelsLast, false, ModuleHook.NONE);
    }

    /** The same kernels with another attention backend and bf16 choice (the UNet's runtime). */
    public NnRuntime with(AttentionBackend attention, boolean bf16) {
        return new NnRuntime(ops, attention, channelsLast, bf16, hook);
    }

    public NnRuntime(TorchOps ops, AttentionBackend attention) {
        this(ops, attention, false);
    }
}
