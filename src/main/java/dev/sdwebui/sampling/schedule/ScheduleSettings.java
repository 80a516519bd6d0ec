package dev.sdwebui.sampling.schedule;

/**
 * A1111 settings that shape sigmas ({@code sigma_min}, {@code sigma_max}, {@code rho}: 0 = off;
 * {@code always_discard_next_to_last_sigma}; {@code use_old_karras_scheduler_sigmas};
 * {@code beta_dist_alpha/beta}) plus whether the model is SDXL (Align Your Steps table).
 */
public record ScheduleSettings(double sigmaMin, double sigmaMax, double rho, boolean alwaysDiscardNextToLastSigma,
                               boolean useOldKarrasSchedulerSigmas, double betaAlpha, double betaBeta, boolean sdxl) {

    public ScheduleSettings {
        if (sigmaMin < 0 || sigmaMax < 0 || rho < 0) {
            throw new IllegalArgumentException("sigma_min, sigma_max and rho must not be negative");
        }
        if (!(betaAlpha > 0 && betaBeta > 0)) {
            throw new IllegalArgumentException("beta_dist_alpha and beta_dist_beta must be > 0");
        }
    }

    /** A1111's defaults. */
    public static ScheduleSettings defaults() {
        return new ScheduleSettings(0, 0, 0, false, false, 0.6, 0.6, false);
    }
}
