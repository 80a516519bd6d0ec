package dev.sdwebui.sampling.denoise;

import ai.djl.ndarray.NDArray;

/**
 * The inner model the CFG denoiser batches over: a network output for a batch of latents, each with
 * its own noise level (sigma for k-diffusion wrappers, timestep for timestep wrappers) and context.
 * Implementations: {@link CompVisDenoiser}, {@link CompVisVDenoiser} (return x0) and
 * {@link TimestepsDenoiser} (returns eps).
 */
@FunctionalInterface
public interface ConditionedModel {

    /**
     * @param x       [N, 4, h, w]
     * @param level   [N] sigma or timestep per row
     * @param context [N, T, C]
     * @return [N, 4, h, w], a new array owned by the caller
     */
    NDArray apply(NDArray x, float[] level, NDArray context);

    /**
     * A plain denoiser with one fixed context and no guidance (every row gets the same level), e.g.
     * for tests or cfg-free runs; guided sampling goes through {@link CfgDenoiser}.
     */
    default Denoiser withContext(NDArray context) {
        return (x, level) -> {
            float[] levels = new float[(int) x.getShape().get(0)];
            java.util.Arrays.fill(levels, (float) level);
            return apply(x, levels, context);
        };
    }
}
