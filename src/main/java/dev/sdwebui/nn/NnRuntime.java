package dev.sdwebui.nn;

import dev.sdwebui.nn.attention.AttentionBackend;
import dev.sdwebui.tensor.script.TorchOps;
import java.util.Objects;

/**
 * The kernels a block tree computes with: the TorchScript ops module, the attention strategy, and
 * whether convolutional activations run in channels-last (NHWC) memory order.
 */
public record NnRuntime(TorchOps ops, AttentionBackend attention, boolean channelsLast) {
    public NnRuntime {
        Objects.requireNonNull(ops, "ops");
        Objects.requireNonNull(attention, "attention");
    }

    public NnRuntime(TorchOps ops, AttentionBackend attention) {
        this(ops, attention, false);
    }
}
