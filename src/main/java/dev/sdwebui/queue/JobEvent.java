package dev.sdwebui.queue;

import java.util.Objects;

/**
 * One event of a job, as sent to subscribers (the SSE stream {@code GET /sdapi/v2/jobs/{id}/events}).
 * Events of one job arrive in order; the last is terminal ({@link JobEventType#isTerminal()}).
 *
 * @param sequence      increasing per queue (usable as the SSE {@code id:})
 * @param type          what happened
 * @param jobId         the job
 * @param job           the job's kind ({@code txt2img}...)
 * @param queuePosition 1-based place in the waiting line for QUEUED, else 0
 * @param progress      the progress at that moment (with the preview on PREVIEW); null for QUEUED
 * @param message       the error for FAILED, the reason for CANCELLED, the prompt for STARTED; may be null
 * @param interrupted   for DONE/CANCELLED: the work was stopped early
 */
public record JobEvent(
        long sequence,
        JobEventType type,
        String jobId,
        String job,
        int queuePosition,
        ProgressSnapshot progress,
        String message,
        boolean interrupted) {

    public JobEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(job, "job");
        if (queuePosition < 0) {
            throw new IllegalArgumentException("queuePosition must not be negative");
        }
    }
}
