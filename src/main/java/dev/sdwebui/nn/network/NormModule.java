package dev.sdwebui.nn.network;

import ai.djl.ndarray.NDArray;

/** Norm (GroupNorm/LayerNorm): {@code delta = w_norm}, bias delta {@code b_norm}. Ref: A1111 network_norm.py. */
final class NormModule extends NetworkModule {

    private NormModule(ModuleWeights w) {
        super(w);
    }

    static NetworkModule tryCreate(ModuleWeights w) {
        return w.has("w_norm", "b_norm") ? new NormModule(w) : null;
    }

    @Override
    Delta calcUpdown(NDArray orig, Multipliers m) {
        NDArray w = weights.get("w_norm");
        return finalizeUpdown(w, orig, w.getShape().getShape(), weights.get("b_norm"), m);
    }
}
