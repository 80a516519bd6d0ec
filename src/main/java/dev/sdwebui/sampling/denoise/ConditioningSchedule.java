package dev.sdwebui.sampling.denoise;

import ai.djl.ndarray.NDArray;

/**
 * Conditioning that may change per sampling step (A1111 prompt editing {@code [a:b:N]} and
 * alternation, resolved by {@code reconstruct_cond_batch}). The prompt package supplies real
 * schedules; {@link #fixed} is the constant one.
 */
@FunctionalInterface
public interface ConditioningSchedule {

    /**
     * The conditioning rows at denoiser step {@code step} (0-based count of CFG calls):
     * [N, 77*k, C]. Owned by the schedule: callers must not close it.
     */
    NDArray condAt(int step);

    static ConditioningSchedule fixed(NDArray rows) {
        return step -> rows;
    }
}
