package dev.sdwebui.nn.attention;

import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * What the backends need to know about the device (from the DeviceManager).
 *
 * @param cuda          the model runs on a CUDA device (InvokeAI's budget, xformers kernels)
 * @param xformersFlash {@code --xformers-flash-attention}
 * @param freeBytes     free device memory now (CPU: MemAvailable), read per call as A1111 does
 * @param subQuad       the sub-quadratic chunk flags
 */
public record AttentionEnvironment(boolean cuda, boolean xformersFlash, LongSupplier freeBytes, SubQuadChunks subQuad) {
    public AttentionEnvironment {
        Objects.requireNonNull(freeBytes, "freeBytes");
        Objects.requireNonNull(subQuad, "subQuad");
    }
}
