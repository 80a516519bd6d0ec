package dev.sdwebui.sampling.denoise;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * Wrapper for the timestep samplers (DDIM, PLMS, UniPC), A1111 {@code CompVisTimestepsDenoiser} and
 * {@code CompVisTimestepsVDenoiser}: returns eps at integer timesteps; for v-models
 * {@code eps = sqrt(a_t)*v + sqrt(1-a_t)*x}.
 */
public final class TimestepsDenoiser implements ConditionedModel {

    private final NoisePredictor net;
    private final float[] alphasCumprod;
    private final boolean vPrediction;

    public TimestepsDenoiser(NoisePredictor net, float[] alphasCumprod, boolean vPrediction) {
        this.net = net;
        this.alphasCumprod = alphasCumprod.clone();
        this.vPrediction = vPrediction;
    }

    @Override
    public NDArray apply(NDArray x, float[] t, NDArray context) {
        NDManager parent = x.getManager();
        try (NDManager scope = parent.newSubManager()) {
            NDArray out = net.predict(x, scope.create(t.clone()), context);
            out.attach(scope);
            if (vPrediction) {
                NDArray a = CompVisDenoiser.column(scope, t, tt -> Math.sqrt(alphasCumprod[(int) tt]), x.getShape());
                NDArray b = CompVisDenoiser.column(scope, t, tt -> Math.sqrt(1 - alphasCumprod[(int) tt]), x.getShape());
                out = out.mul(a).add(b.mul(x));
            }
            out.attach(parent);
            return out;
        }
    }
}
