package dev.sdwebui.sampling.denoise;

import ai.djl.ndarray.NDArray;

/**
 * CFG settings of a run.
 *
 * @param cfgScale         guidance scale
 * @param sMinUncond       NGMS: skip the uncond pass on odd steps while sigma < this (0 = off)
 * @param sMinUncondAll    A1111 {@code s_min_uncond_all}: skip on every step, not only odd ones
 * @param skipEarlyCond    A1111 {@code skip_early_cond}: skip uncond for this fraction of the first steps
 * @param batchCondUncond  one network batch for cond and uncond (off for medvram/lowvram)
 * @param padding          token-length mismatch policy
 * @param emptyChunk       [1, 77, C] embedding of the empty prompt, for {@link CondPadding#EMPTY_PROMPT}
 * @param totalSteps       expected number of CFG calls (for skip_early_cond)
 */
public record CfgOptions(double cfgScale, double sMinUncond, boolean sMinUncondAll, double skipEarlyCond,
                         boolean batchCondUncond, CondPadding padding, NDArray emptyChunk, int totalSteps) {

    public CfgOptions {
        if (!Double.isFinite(cfgScale)) {
            throw new IllegalArgumentException("cfg_scale must be a finite number");
        }
        if (sMinUncond < 0 || skipEarlyCond < 0) {
            throw new IllegalArgumentException("s_min_uncond and skip_early_cond must not be negative");
        }
        if (padding == CondPadding.EMPTY_PROMPT && emptyChunk == null) {
            throw new IllegalArgumentException("EMPTY_PROMPT padding needs the empty prompt's embedding");
        }
        if (totalSteps < 1) {
            throw new IllegalArgumentException("totalSteps must be at least 1");
        }
    }

    /** Plain CFG at {@code cfgScale}, batched, no NGMS, no padding. */
    public static CfgOptions of(double cfgScale, int totalSteps) {
        return new CfgOptions(cfgScale, 0, false, 0, true, CondPadding.NONE, null, totalSteps);
    }
}
