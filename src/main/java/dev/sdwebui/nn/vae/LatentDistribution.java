package dev.sdwebui.nn.vae;

import ai.djl.ndarray.NDArray;
import java.util.Objects;

/**
 * Ref: ldm/modules/distributions/distributions.py DiagonalGaussianDistribution.
 *
 * @param mean [B, z, h, w]
 * @param logvar [B, z, h, w], clamped to [-30, 20]
 */
public record LatentDistribution(NDArray mean, NDArray logvar) {
    public LatentDistribution {
        Objects.requireNonNull(mean, "mean");
        Objects.requireNonNull(logvar, "logvar");
    }

    /** mean + exp(0.5 logvar) * noise; noise [B, z, h, w] drawn by the caller's RNG. Lands in noise's manager. */
    public NDArray sample(NDArray noise) {
        return noise.mul(logvar.mul(0.5).exp()).add(mean);
    }
}
