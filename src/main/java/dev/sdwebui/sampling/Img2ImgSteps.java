package dev.sdwebui.sampling;

import java.util.Arrays;

/**
 * A1111's img2img step arithmetic ({@code sd_samplers_common.setup_img2img_steps} and the start of
 * {@code sample_img2img}): how many steps the schedule has and where sampling starts.
 *
 * @param steps schedule length to compute sigmas/timesteps for
 * @param tEnc  number of steps actually run minus one (A1111 t_enc)
 */
public record Img2ImgSteps(int steps, int tEnc) {

    /**
     * @param requested user steps (or hires steps)
     * @param denoisingStrength 0..1
     * @param fixSteps A1111 {@code img2img_fix_steps}, or an explicit step count (hires pass)
     */
    public static Img2ImgSteps of(int requested, double denoisingStrength, boolean fixSteps) {
        if (requested < 1) {
            throw new IllegalArgumentException("steps must be at least 1");
        }
        if (!(denoisingStrength >= 0 && denoisingStrength <= 1)) {
            throw new IllegalArgumentException("denoising_strength must be between 0 and 1");
        }
        double d = Math.min(denoisingStrength, 0.999);
        if (fixSteps) {
            return new Img2ImgSteps(denoisingStrength > 0 ? (int) (requested / d) : 0, requested - 1);
        }
        return new Img2ImgSteps(requested, (int) (d * requested));
    }

    /** k-diffusion: {@code sigma_sched = sigmas[steps - t_enc - 1:]}; start with x + noise * sigma_sched[0]. */
    public double[] sigmaSchedule(double[] sigmas) {
        return Arrays.copyOfRange(sigmas, steps - tEnc - 1, sigmas.length);
    }

    /** Timestep samplers: {@code timesteps[:t_enc]}; start with sqrt(a[t_enc]) x + sqrt(1 - a[t_enc]) noise. */
    public int[] timestepSchedule(int[] timesteps) {
        return Arrays.copyOf(timesteps, tEnc);
    }
}
