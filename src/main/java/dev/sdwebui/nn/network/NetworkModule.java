package dev.sdwebui.nn.network;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * One module of a loaded network: computes the delta for its layer from the layer's current weight.
 * The shared tail ({@link #finalizeUpdown}) is A1111's: reshape, the optional {@code bias} part, the
 * {@code scale} (the {@code scale} tensor, else alpha / dim, else 1), DoRA, then the multiplier (the
 * text-encoder one when the layer name starts with {@code transformer} within its first 20 characters).
 *
 * <p>Ref: A1111 extensions-builtin/Lora/network.py {@code NetworkModule} (v1.10).
 */
abstract class NetworkModule {

    protected final ModuleWeights weights;
    private final NDArray bias;
    private final Double alpha;
    private final Double scaleValue;
    private final NDArray doraScale;
    protected Integer dim;

    NetworkModule(ModuleWeights weights) {
        this.weights = weights;
        this.bias = weights.get("bias");
        this.alpha = weights.scalar("alpha");
        this.scaleValue = weights.scalar("scale");
        this.doraScale = weights.get("dora_scale");
    }

    String sdKey() {
        return weights.sdKey();
    }

    /** The raw delta of this type and the shape A1111 reshapes it to; {@code orig}: the layer's weight (fp32). */
    abstract Delta calcUpdown(NDArray orig, Multipliers m);

    /** Ref: network.py multiplier(): te multiplier for text-encoder layers, else the UNet one. */
    final double multiplier(Multipliers m) {
        String k = weights.sdKey();
        return k.substring(0, Math.min(20, k.length())).contains("transformer") ? m.te() : m.unet();
    }

    /** Ref: network.py calc_scale. */
    double calcScale() {
        if (scaleValue != null) {
            return scaleValue;
        }
        if (dim != null && alpha != null) {
            return alpha / dim;
        }
        return 1.0;
    }

    /** Ref: network.py finalize_updown(updown, orig_weight, output_shape, ex_bias). */
    final Delta finalizeUpdown(NDArray updown, NDArray orig, long[] outputShape, NDArray exBias, Multipliers m) {
        if (bias != null) {
            updown = updown.reshape(bias.getShape()).add(bias).reshape(new Shape(outputShape));
        }
        if (outputShape.length == 4) {
            updown = updown.reshape(new Shape(outputShape));
        }
        if (orig.size() == updown.size()) {
            updown = updown.reshape(orig.getShape());
        }
        double mult = multiplier(m);
        if (exBias != null) {
            exBias = exBias.mul((float) mult);
        }
        updown = updown.mul((float) calcScale());
        if (doraScale != null) {
            updown = weightDecompose(updown, orig);
        }
        return new Delta(updown.mul((float) mult), exBias);
    }

    /**
     * DoRA. Ref: network.py apply_weight_decompose: M = W + delta; norm over every dim but 1 (per input
     * channel), shaped [1, in, 1...]; delta = M * dora_scale / norm - W.
     */
    private NDArray weightDecompose(NDArray updown, NDArray orig) {
        NDArray merged = updown.add(orig);
        long[] s = merged.getShape().getShape();
        int[] axes = new int[s.length - 1];
        for (int i = 0, j = 0; i < s.length; i++) {
            if (i != 1) {
                axes[j++] = i;
            }
        }
        NDArray norm = merged.square().sum(axes, true).sqrt(); // [1, in, 1...]
        return merged.mul(doraScale.div(norm)).sub(orig);
    }
}
