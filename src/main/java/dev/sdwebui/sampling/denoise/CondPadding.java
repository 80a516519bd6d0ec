package dev.sdwebui.sampling.denoise;

/**
 * What to do when cond and uncond have different token lengths (A1111 settings
 * {@code pad_cond_uncond} and {@code pad_cond_uncond_v0}).
 */
public enum CondPadding {
    /** Separate network calls for cond and uncond (A1111 default). */
    NONE,
    /** {@code pad_cond_uncond}: append whole 77-token chunks of the empty prompt's embedding to the shorter. */
    EMPTY_PROMPT,
    /** {@code pad_cond_uncond_v0}: repeat uncond's last vector, or truncate uncond, to cond's length. */
    LAST_VECTOR_V0
}
