package dev.sdwebui.nn;

import dev.sdwebui.nn.attention.AttentionBackend;
import dev.sdwebui.tensor.script.TorchOps;
import java.util.Objects;

/** The kernels a block tree computes with: the TorchScript ops module, the attention strategy, conv padding. */
public record NnRuntime(TorchOps ops, AttentionBackend attention, ConvPadding padding) {
    public NnRuntime {
        Objects.requireNonNull(ops, "ops");
        Objects.requireNonNull(attention, "attention");
        Objects.requireNonNull(padding, "padding");
    }

    /** Zero padding (no tiling). */
    public NnRuntime(TorchOps ops, AttentionBackend attention) {
        this(ops, attention, new ConvPadding());
    }
}
