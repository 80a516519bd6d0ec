package dev.sdwebui.sampling.denoise;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.sdwebui.sampling.schedule.DiscreteSchedule;

/**
 * eps-prediction wrapper, k-diffusion {@code CompVisDenoiser}: {@code c_in = 1/sqrt(sigma^2+1)},
 * {@code eps = net(x*c_in, sigma_to_t(sigma))}, {@code denoised = x - sigma*eps}.
 */
public final class CompVisDenoiser implements ConditionedModel {

    private final NoisePredictor net;
    private final DiscreteSchedule schedule;
    private final boolean quantize;

    /** @param quantize A1111 setting enable_quantization: snap t to the nearest table entry */
    public CompVisDenoiser(NoisePredictor net, DiscreteSchedule schedule, boolean quantize) {
        this.net = net;
        this.schedule = schedule;
        this.quantize = quantize;
    }

    public DiscreteSchedule schedule() {
        return schedule;
    }

    @Override
    public NDArray apply(NDArray x, float[] sigma, NDArray context) {
        NDManager parent = x.getManager();
        try (NDManager scope = parent.newSubManager()) {
            NDArray cIn = column(scope, sigma, s -> 1.0 / Math.sqrt(s * s + 1.0), x.getShape());
            NDArray t = scope.create(timesteps(schedule, sigma, quantize));
            NDArray eps = net.predict(cIn.mul(x), t, context);
            eps.attach(scope);
            NDArray cOut = column(scope, sigma, s -> -s, x.getShape());
            NDArray out = x.add(eps.mul(cOut));
            out.attach(parent);
            return out;
        }
    }

    static float[] timesteps(DiscreteSchedule schedule, float[] sigma, boolean quantize) {
        float[] t = new float[sigma.length];
        for (int i = 0; i < sigma.length; i++) {
            t[i] = quantize ? schedule.sigmaToNearestT(sigma[i]) : (float) schedule.sigmaToT(sigma[i]);
        }
        return t;
    }

    /** A [N,1,1,1] column of f(sigma_i), float32 like k-diffusion's append_dims(scalings). */
    static NDArray column(NDManager m, float[] sigma, java.util.function.DoubleUnaryOperator f, Shape like) {
        float[] v = new float[sigma.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) f.applyAsDouble(sigma[i]);
        }
        long[] dims = new long[like.dimension()];
        java.util.Arrays.fill(dims, 1);
        dims[0] = v.length;
        return m.create(v, new Shape(dims));
    }
}
