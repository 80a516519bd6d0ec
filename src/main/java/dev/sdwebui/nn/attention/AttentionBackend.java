package dev.sdwebui.nn.attention;

import ai.djl.ndarray.NDArray;

/**
 * Multi-head scaled dot-product attention, the one place where implementations differ in speed
 * and memory (plain, SDPA, sliced, bf16...). Chosen once and passed to the block tree.
 */
public interface AttentionBackend {

    /**
     * softmax(Q K^T / sqrt(d) [+ causal mask]) V per head.
     *
     * @param q [B, N, H*d] (result lands in q's manager)
     * @param k [B, M, H*d]
     * @param v [B, M, H*d]
     * @param heads H
     * @param causal mask out keys after the query position (CLIP)
     * @return [B, N, H*d]
     */
    NDArray attend(NDArray q, NDArray k, NDArray v, int heads, boolean causal);

    /** Short name for logs and settings ("plain", "sdpa"). */
    String name();
}
