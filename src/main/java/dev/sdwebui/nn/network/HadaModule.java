package dev.sdwebui.nn.network;

import ai.djl.ndarray.NDArray;
import java.util.Arrays;

/**
 * LoHa: {@code delta = (w1_a @ w1_b) * (w2_a @ w2_b)} elementwise, or with Tucker cores
 * {@code cp(t1, w1_a, w1_b) * cp(t2, w2_a, w2_b)}; dim = rows of {@code hada_w1_b}.
 * Ref: A1111 network_hada.py {@code NetworkModuleHada}.
 */
final class HadaModule extends NetworkModule {

    private HadaModule(ModuleWeights w) {
        super(w);
        this.dim = (int) w.get("hada_w1_b").getShape().get(0);
    }

    static NetworkModule tryCreate(ModuleWeights w) {
        return w.has("hada_w1_a", "hada_w1_b", "hada_w2_a", "hada_w2_b") ? new HadaModule(w) : null;
    }

    @Override
    Delta calcUpdown(NDArray orig, Multipliers m) {
        NDArray w1a = weights.get("hada_w1_a");
        NDArray w1b = weights.get("hada_w1_b");
        NDArray w2a = weights.get("hada_w2_a");
        NDArray w2b = weights.get("hada_w2_b");
        NDArray t1 = weights.get("hada_t1");
        NDArray t2 = weights.get("hada_t2");
        long[] out = {w1a.getShape().get(0), w1b.getShape().get(1)};
        NDArray updown1;
        if (t1 != null) {
            out = LoraModule.concat(new long[] {w1a.getShape().get(1), w1b.getShape().get(1)},
                    Arrays.copyOfRange(t1.getShape().getShape(), 2, 4));
            updown1 = Decompositions.cp(t1, w1a, w1b);
        } else {
            if (w1b.getShape().dimension() == 4) {
                out = LoraModule.concat(out, Arrays.copyOfRange(w1b.getShape().getShape(), 2, 4));
            }
            updown1 = Decompositions.conventional(w1a, w1b, out, null);
        }
        NDArray updown2 = t2 != null ? Decompositions.cp(t2, w2a, w2b) : Decompositions.conventional(w2a, w2b, out, null);
        return finalizeUpdown(updown1.mul(updown2), orig, out, null, m);
    }
}
