package dev.sdwebui.nn.network;

import ai.djl.ndarray.NDArray;

/**
 * GLoRA: {@code delta = b2 @ b1 + (W @ a2) @ a1} (matrices as stored; no dim, so scale 1).
 * Ref: A1111 network_glora.py {@code NetworkModuleGLora}.
 */
final class GloraModule extends NetworkModule {

    private GloraModule(ModuleWeights w) {
        super(w);
    }

    static NetworkModule tryCreate(ModuleWeights w) {
        return w.has("a1.weight", "a2.weight", "alpha", "b1.weight", "b2.weight") ? new GloraModule(w) : null;
    }

    @Override
    Delta calcUpdown(NDArray orig, Multipliers m) {
        NDArray w1a = weights.get("a1.weight");
        NDArray w1b = weights.get("b1.weight");
        NDArray w2a = weights.get("a2.weight");
        NDArray w2b = weights.get("b2.weight");
        long[] out = {w1a.getShape().get(0), w1b.getShape().get(1)};
        NDArray updown = w2b.matMul(w1b).add(orig.matMul(w2a).matMul(w1a));
        return finalizeUpdown(updown, orig, out, null, m);
    }
}
