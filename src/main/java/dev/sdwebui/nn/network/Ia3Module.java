package dev.sdwebui.nn.network;

import ai.djl.ndarray.NDArray;

/**
 * IA3: {@code delta = W * w}, {@code w} per output row, or per input column when {@code on_input}.
 * Ref: A1111 network_ia3.py {@code NetworkModuleIa3} (no dim: scale 1).
 */
final class Ia3Module extends NetworkModule {

    private final boolean onInput;

    private Ia3Module(ModuleWeights w) {
        super(w);
        NDArray flag = w.get("on_input");
        this.onInput = flag != null && flag.toType(ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray()[0] != 0;
    }

    static NetworkModule tryCreate(ModuleWeights w) {
        return w.has("weight") ? new Ia3Module(w) : null;
    }

    @Override
    Delta calcUpdown(NDArray orig, Multipliers m) {
        NDArray w = weights.get("weight");
        long[] out = {w.getShape().get(0), orig.getShape().get(1)};
        if (onInput) {
            out = new long[] {out[1], out[0]};
        } else {
            w = w.reshape(-1, 1);
        }
        return finalizeUpdown(orig.mul(w), orig, out, null, m);
    }
}
