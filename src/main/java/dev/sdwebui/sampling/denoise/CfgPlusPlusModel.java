package dev.sdwebui.sampling.denoise;

/**
 * What DDIM CFG++ needs from the CFG denoiser beyond eps (A1111 {@code cond_scale_miltiplier} and
 * {@code last_noise_uncond}): the guidance scale multiplied by 1/12.5, and the unconditional output of
 * the latest call.
 */
public interface CfgPlusPlusModel extends EpsModel {

    /** Multiplies the CFG scale and starts recording the uncond output. */
    void enableCfgPlusPlus(double condScaleMultiplier);

    /** The uncond rows [B, 4, h, w] of the latest call, row-major; null before the first call. */
    float[] lastUncond();
}
