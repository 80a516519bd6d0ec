package dev.sdwebui.nn.network;

import ai.djl.ndarray.NDArray;
import dev.sdwebui.nn.PatchableLayer;
import java.util.Arrays;

/**
 * LoRA / LoCon: {@code delta = up @ down} (kohya {@code lora_up/lora_down}, PEFT-style
 * {@code lora_A/lora_B} renamed), with the CP form through {@code lora_mid}. Ref: A1111
 * network_lora.py {@code NetworkModuleLora}: weights shaped as the module they would become (Linear:
 * 2-D; Conv2d: down [r, in, k, k] or [r, in, 1, 1], up [out, r, 1, 1]); dim = rows of down.
 */
final class LoraModule extends NetworkModule {

    private final NDArray up;
    private final NDArray down;
    private final NDArray mid;

    private LoraModule(ModuleWeights w, NDArray up, NDArray down) {
        super(w);
        if (w.kind() != PatchableLayer.Kind.LINEAR && w.kind() != PatchableLayer.Kind.CONV2D) {
            throw new IllegalArgumentException("Lora layer " + w.networkKey()
                    + " matched a layer with unsupported type: " + w.kind());
        }
        boolean conv = w.kind() == PatchableLayer.Kind.CONV2D;
        this.up = conv ? conv4d(up) : up.reshape(up.getShape().get(0), -1);
        this.down = conv ? conv4d(down) : down.reshape(down.getShape().get(0), -1);
        NDArray m = w.get("lora_mid.weight");
        this.mid = m;
        this.dim = (int) down.getShape().get(0);
    }

    static NetworkModule tryCreate(ModuleWeights w) {
        if (w.has("lora_up.weight", "lora_down.weight")) {
            return new LoraModule(w, w.get("lora_up.weight"), w.get("lora_down.weight"));
        }
        if (w.has("lora_A.weight", "lora_B.weight")) {
            return new LoraModule(w, w.get("lora_B.weight"), w.get("lora_A.weight"));
        }
        return null;
    }

    /** A 2-D conv LoRA weight becomes [rows, cols, 1, 1] (torch Conv2d weight layout). */
    private static NDArray conv4d(NDArray x) {
        long[] s = x.getShape().getShape();
        return s.length == 2 ? x.reshape(s[0], s[1], 1, 1) : x;
    }

    @Override
    Delta calcUpdown(NDArray orig, Multipliers m) {
        long[] out = {up.getShape().get(0), down.getShape().get(1)};
        NDArray updown;
        if (mid != null) {
            // Ref: rebuild_cp_decomposition: einsum('n m k l, i n, m j -> i j k l', mid, up, down)
            NDArray u = up.reshape(up.getShape().get(0), -1);
            NDArray d = down.reshape(down.getShape().get(0), -1);
            updown = Decompositions.cp(mid, u.transpose(), d);
            out = concat(out, Arrays.copyOfRange(mid.getShape().getShape(), 2, 4));
        } else {
            if (down.getShape().dimension() == 4) {
                out = concat(out, Arrays.copyOfRange(down.getShape().getShape(), 2, 4));
            }
            updown = Decompositions.conventional(up, down, out, m.dyn());
        }
        return finalizeUpdown(updown, orig, out, null, m);
    }

    static long[] concat(long[] a, long[] b) {
        long[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
