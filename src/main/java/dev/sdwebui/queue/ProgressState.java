package dev.sdwebui.queue;

import java.util.Objects;

/**
 * The {@code state} object of A1111's {@code /sdapi/v1/progress} response ({@code shared.state.dict()}).
 *
 * <p>Ref: A1111 modules/shared_state.py State.dict. {@code jobNo} counts finished iterations
 * ({@code nextjob()} runs after each), {@code jobCount} is {@code n_iter}; {@code jobTimestamp} is the
 * job start as {@code %Y%m%d%H%M%S}, {@code "0"} when idle.
 */
public record ProgressState(
        boolean skipped,
        boolean interrupted,
        boolean stoppingGeneration,
        String job,
        int jobCount,
        String jobTimestamp,
        int jobNo,
        int samplingStep,
        int samplingSteps) {

    /** What A1111 reports when no job runs. */
    public static final ProgressState IDLE = new ProgressState(false, false, false, "", 0, "0", 0, 0, 0);

    public ProgressState {
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(jobTimestamp, "jobTimestamp");
        if (jobNo < 0 || samplingStep < 0 || samplingSteps < 0 || jobCount < 0) {
            throw new IllegalArgumentException("progress counters must not be negative");
        }
    }
}
