package dev.sdwebui.nn;

import dev.sdwebui.nn.attention.AttentionBackend;
import dev.sdwebui.tensor.script.TorchOps;
import java.util.Objects;

/** The kernels a block tree computes with: the TorchScript ops module and the attention strategy. */
public record NnRuntime(TorchOps ops, AttentionBackend attention) {
    public NnRuntime {
        Objects.requireNonNull(ops, "ops");
        Objects.requireNonNull(attention, "attention");
    }
}
