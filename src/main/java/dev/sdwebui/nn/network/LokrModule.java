package dev.sdwebui.nn.network;

import ai.djl.ndarray.NDArray;

/**
 * LoKr: {@code delta = kron(w1, w2)}, {@code w1 = lokr_w1 or w1_a @ w1_b}, {@code w2 = lokr_w2 or
 * w2_a @ w2_b} (or the CP form with {@code lokr_t2}); dim = rows of {@code lokr_w2_b}, else of
 * {@code lokr_w1_b}, else none. Ref: A1111 network_lokr.py {@code NetworkModuleLokr}.
 */
final class LokrModule extends NetworkModule {

    private LokrModule(ModuleWeights w) {
        super(w);
        NDArray w1b = w.get("lokr_w1_b");
        NDArray w2b = w.get("lokr_w2_b");
        if (w1b != null) {
            this.dim = (int) w1b.getShape().get(0);
        }
        if (w2b != null) {
            this.dim = (int) w2b.getShape().get(0);
        }
    }

    static NetworkModule tryCreate(ModuleWeights w) {
        boolean has1 = w.has("lokr_w1") || w.has("lokr_w1_a", "lokr_w1_b");
        boolean has2 = w.has("lokr_w2") || w.has("lokr_w2_a", "lokr_w2_b");
        return has1 && has2 ? new LokrModule(w) : null;
    }

    @Override
    Delta calcUpdown(NDArray orig, Multipliers m) {
        NDArray w1 = weights.get("lokr_w1");
        if (w1 == null) {
            w1 = weights.get("lokr_w1_a").matMul(weights.get("lokr_w1_b"));
        }
        NDArray w2 = weights.get("lokr_w2");
        NDArray t2 = weights.get("lokr_t2");
        if (w2 == null) {
            w2 = t2 == null ? weights.get("lokr_w2_a").matMul(weights.get("lokr_w2_b"))
                    : Decompositions.cp(t2, weights.get("lokr_w2_a"), weights.get("lokr_w2_b"));
        }
        long[] out = {w1.getShape().get(0) * w2.getShape().get(0), w1.getShape().get(1) * w2.getShape().get(1)};
        if (orig.getShape().dimension() == 4) {
            out = orig.getShape().getShape();
        }
        NDArray updown = Decompositions.kron(w1, w2).reshape(new ai.djl.ndarray.types.Shape(out));
        return finalizeUpdown(updown, orig, out, null, m);
    }
}
