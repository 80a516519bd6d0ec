package dev.sdwebui.queue;

import java.util.Objects;

/**
 * One reading of a job's progress in the shape of A1111's {@code /sdapi/v1/progress} response:
 * {@code progress} (0..1), {@code eta_relative} (seconds), {@code state}, {@code current_image}
 * (null when none or not asked for), {@code textinfo} and {@code current_task} (the job id, null when idle).
 * A domain record: the API maps it to JSON and base64-encodes the preview.
 */
public record ProgressSnapshot(
        double progress,
        double etaRelative,
        ProgressState state,
        PreviewImage currentImage,
        String textinfo,
        String currentTask) {

    /** What A1111 returns when nothing runs: progress 0, eta 0, an idle state. */
    public static final ProgressSnapshot IDLE = new ProgressSnapshot(0, 0, ProgressState.IDLE, null, null, null);

    public ProgressSnapshot {
        Objects.requireNonNull(state, "state");
        if (Double.isNaN(progress) || progress < 0 || progress > 1) {
            throw new IllegalArgumentException("progress must be within 0..1, was " + progress);
        }
    }

    /**
     * A1111's formula. Ref: modules/api/api.py progressapi:
     * {@code progress = 0.01 + job_no/job_count + (1/job_count) * sampling_step/sampling_steps};
     * {@code eta_relative = elapsed/progress - elapsed} (computed before clamping), then progress is
     * clamped to 1. The 0.01 keeps the division finite at the very start; {@code job_count == 0} means
     * idle and gives progress 0, eta 0.
     *
     * @param elapsedSeconds time since the job started running
     */
    public static ProgressSnapshot compute(ProgressState state, double elapsedSeconds, PreviewImage currentImage,
                                           String textinfo, String currentTask) {
        if (state.jobCount() == 0) {
            return new ProgressSnapshot(0, 0, state, currentImage, textinfo, currentTask);
        }
        double progress = 0.01 + (double) state.jobNo() / state.jobCount();
        if (state.samplingSteps() > 0) {
            progress += 1.0 / state.jobCount() * state.samplingStep() / state.samplingSteps();
        }
        double eta = elapsedSeconds / progress;
        double etaRelative = eta - elapsedSeconds;
        return new ProgressSnapshot(Math.min(progress, 1.0), etaRelative, state, currentImage, textinfo, currentTask);
    }

    /** The same reading without the preview (A1111 {@code skip_current_image=true}). */
    public ProgressSnapshot withoutImage() {
        return currentImage == null ? this : new ProgressSnapshot(progress, etaRelative, state, null, textinfo, currentTask);
    }
}
