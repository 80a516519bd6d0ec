package dev.sdwebui.nn;

import dev.sdwebui.model.io.ReadOptions;
import java.util.Objects;

/**
 * @param read how the weights file is read (fp32 upcast, unpickling policy)
 * @param attention "sdpa" (default, torch's fused kernel) or "plain" (softmax(QK^T/sqrt d)V in DJL ops)
 * @param channelsLast run UNet convolutions on NHWC activations (same numbers, different memory order)
 */
public record LoadOptions(ReadOptions read, String attention, boolean channelsLast) {
    public LoadOptions {
        Objects.requireNonNull(read, "read");
        if (!"sdpa".equals(attention) && !"plain".equals(attention)) {
            throw new IllegalArgumentException("unknown attention backend '" + attention + "' (sdpa, plain)");
        }
    }

    public LoadOptions(ReadOptions read, String attention) {
        this(read, attention, false);
    }

    public static LoadOptions defaults() {
        return new LoadOptions(ReadOptions.defaults(), "sdpa", false);
    }
}
