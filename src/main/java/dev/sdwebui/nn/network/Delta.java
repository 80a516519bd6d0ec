package dev.sdwebui.nn.network;

import ai.djl.ndarray.NDArray;

/**
 * What one network module adds to a layer: {@code weight += updown}, {@code bias += exBias} (exBias may be
 * null). Ref: A1111 network.py {@code calc_updown} -> {@code (updown, ex_bias)}.
 */
record Delta(NDArray updown, NDArray exBias) {
}
