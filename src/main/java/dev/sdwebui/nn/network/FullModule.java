package dev.sdwebui.nn.network;

import ai.djl.ndarray.NDArray;

/** Full / diff: {@code delta = diff}, bias delta {@code diff_b}. Ref: A1111 network_full.py. */
final class FullModule extends NetworkModule {

    private FullModule(ModuleWeights w) {
        super(w);
    }

    static NetworkModule tryCreate(ModuleWeights w) {
        return w.has("diff") ? new FullModule(w) : null;
    }

    @Override
    Delta calcUpdown(NDArray orig, Multipliers m) {
        NDArray diff = weights.get("diff");
        return finalizeUpdown(diff, orig, diff.getShape().getShape(), weights.get("diff_b"), m);
    }
}
