package dev.sdwebui.nn;

import ai.djl.ndarray.NDArray;

/**
 * Changes the context a cross-attention layer computes its keys and values from (A1111 hypernetworks).
 * Ref: A1111 hypernetwork.py {@code apply_single_hypernetwork}.
 */
public interface ContextTransform {

    /**
     * @param contextK the context for to_k [B, M, C]
     * @param contextV the context for to_v [B, M, C]
     * @return {k context, v context}; the inputs when this transform has no module for width C
     */
    NDArray[] apply(NDArray contextK, NDArray contextV);
}
