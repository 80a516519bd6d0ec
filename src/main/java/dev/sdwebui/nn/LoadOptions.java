package dev.sdwebui.nn;

import dev.sdwebui.model.io.ReadOptions;
import java.util.Objects;

/**
 * @param read how the weights file is read (fp32 upcast, unpickling policy)
 * @param attention "sdpa" (default, torch's fused kernel) or "plain" (softmax(QK^T/sqrt d)V in DJL ops)
 */
public record LoadOptions(ReadOptions read, String attention) {
    public LoadOptions {
        Objects.requireNonNull(read, "read");
        if (!"sdpa".equals(attention) && !"plain".equals(attention)) {
            throw new IllegalArgumentException("unknown attention backend '" + attention + "' (sdpa, plain)");
        }
    }

    public static LoadOptions defaults() {
        return new LoadOptions(ReadOptions.defaults(), "sdpa");
    }
}
