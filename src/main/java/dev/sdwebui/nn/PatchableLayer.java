package dev.sdwebui.nn;

import ai.djl.ndarray.NDArray;

/**
 * A layer whose weights extra networks (LoRA and kin) may change in place: its weight tensor (the same
 * object the checkpoint's state dict holds, so its data can be swapped), its bias, and a hook to refresh
 * anything derived from them. Ref: A1111 Lora networks.py {@code network_apply_weights}, which patches
 * {@code torch.nn.Linear/Conv2d/GroupNorm/LayerNorm} modules.
 */
public interface PatchableLayer {

    /** What kind of torch module this is (decides how a LoRA delta is shaped). */
    enum Kind { LINEAR, CONV2D, GROUP_NORM, LAYER_NORM }

    Kind kind();

    /** The weight: linear [out, in], conv [out, in, k, k], norms [C]. */
    NDArray weight();

    /** The bias [out], or null when the layer has none. */
    NDArray bias();

    /**
     * Gives a layer that was built without a bias one (A1111 creates {@code self.bias} when a network
     * brings a bias delta), or takes it away again ({@code null}) when the weights are restored.
     *
     * @throws UnsupportedOperationException for a layer that always has a bias (the default: only a layer
     *         built without one, a bias-less Linear, can be given one)
     */
    default void replaceBias(NDArray bias) {
        throw new UnsupportedOperationException("a " + kind() + " layer always has a bias");
    }

    /** The weight or bias data changed: rebuild derived copies (bf16 weights). By default nothing is derived. */
    default void weightsChanged() {
    }
}
