package dev.sdwebui.nn.network;

import ai.djl.ndarray.NDArray;
import dev.sdwebui.nn.PatchableLayer;
import java.util.Map;

/**
 * The tensors of one network module (file keys grouped by their module part) and the model layer they
 * patch. Ref: A1111 network.py {@code NetworkWeights(network_key, sd_key, w, sd_module)}.
 *
 * @param networkKey  the first file key of the group ("lora_unet_down_blocks_0_attentions_0_proj_in.alpha")
 * @param sdKey       A1111's network layer name the module is filed under
 * @param w           tensor part ("lora_up.weight", "alpha", ...) -> tensor (fp32)
 * @param kind        the target layer's kind (LINEAR for a MultiheadAttention's q/k/v/out)
 * @param targetShape the target weight's shape (for a MultiheadAttention: its out_proj weight's)
 */
record ModuleWeights(String networkKey, String sdKey, Map<String, NDArray> w, PatchableLayer.Kind kind,
                     long[] targetShape) {

    NDArray get(String part) {
        return w.get(part);
    }

    boolean has(String... parts) {
        for (String p : parts) {
            if (!w.containsKey(p)) {
                return false;
            }
        }
        return true;
    }

    /** A scalar tensor's value (alpha, scale), or null. */
    Double scalar(String part) {
        NDArray a = w.get(part);
        if (a == null) {
            return null;
        }
        return (double) a.toType(ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray()[0];
    }
}
