package dev.sdwebui.nn;

import dev.sdwebui.nn.attention.AttentionBackend;
import dev.sdwebui.tensor.script.TorchOps;
import java.util.Objects;

/**
 * The kernels a block tree computes with: the TorchScript ops module, the attention strategy, and
 * whether convolutional activations run in channels-last (NHWC) memory order, and whether conv/linear
 * compute in bf16 (weights pre-cast at load, fp32 in and out; avx512_bf16 makes them 2.4-3.2x faster,
 * djl-notes.md section 3; image quality against fp32 is not validated yet, hence opt-in), and the
 * model's conv padding mode ({@link ConvPadding}: circular for A1111 "Tiling").
 */
public record NnRuntime(TorchOps ops, AttentionBackend attention, boolean channelsLast, boolean bf16,
                        ConvPadding padding) {
    public NnRuntime {
        Objects.requireNonNull(ops, "ops");
        Objects.requireNonNull(attention, "attention");
        Objects.requireNonNull(padding, "padding");
    }

    public NnRuntime(TorchOps ops, AttentionBackend attention, boolean channelsLast, boolean bf16) {
        this(ops, attention, channelsLast, bf16, new ConvPadding());
    }

    public NnRuntime(TorchOps ops, AttentionBackend attention) {
        this(ops, attention, false, false);
    }
}
