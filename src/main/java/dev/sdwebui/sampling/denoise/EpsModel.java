package dev.sdwebui.sampling.denoise;

import ai.djl.ndarray.NDArray;

/**
 * The timestep samplers' view of a model: eps at an integer timestep (A1111
 * {@code CFGDenoiserTimesteps} over {@code CompVisTimestepsDenoiser}). {@link CfgDenoiser#forward}
 * fits it when its inner model is a {@link TimestepsDenoiser}.
 */
@FunctionalInterface
public interface EpsModel {

    /**
     * @param x        [B, 4, h, w]
     * @param timestep integer timestep 0..T-1
     * @return [B, 4, h, w] eps, a new array owned by the caller
     */
    NDArray eps(NDArray x, double timestep);
}
