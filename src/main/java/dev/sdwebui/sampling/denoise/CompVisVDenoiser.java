package dev.sdwebui.sampling.denoise;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.sdwebui.sampling.schedule.DiscreteSchedule;

/**
 * v-prediction wrapper, k-diffusion {@code CompVisVDenoiser} (sigma_data = 1):
 * {@code c_skip = 1/(sigma^2+1)}, {@code c_out = -sigma/sqrt(sigma^2+1)}, {@code c_in = 1/sqrt(sigma^2+1)},
 * {@code denoised = x*c_skip + net(x*c_in, t)*c_out}.
 */
public final class CompVisVDenoiser implements ConditionedModel {

    private final NoisePredictor net;
    private final DiscreteSchedule schedule;
    private final boolean quantize;

    public CompVisVDenoiser(NoisePredictor net, DiscreteSchedule schedule, boolean quantize) {
        this.net = net;
        this.schedule = schedule;
        this.quantize = quantize;
    }

    @Override
    public NDArray apply(NDArray x, float[] sigma, NDArray context) {
        NDManager parent = x.getManager();
        try (NDManager scope = parent.newSubManager()) {
            NDArray cIn = CompVisDenoiser.column(scope, sigma, s -> 1.0 / Math.sqrt(s * s + 1.0), x.getShape());
            NDArray cSkip = CompVisDenoiser.column(scope, sigma, s -> 1.0 / (s * s + 1.0), x.getShape());
            NDArray cOut = CompVisDenoiser.column(scope, sigma, s -> -s / Math.sqrt(s * s + 1.0), x.getShape());
            NDArray t = scope.create(CompVisDenoiser.timesteps(schedule, sigma, quantize));
            NDArray v = net.predict(cIn.mul(x), t, context);
            v.attach(scope);
            NDArray out = cSkip.mul(x).add(v.mul(cOut));
            out.attach(parent);
            return out;
        }
    }
}
