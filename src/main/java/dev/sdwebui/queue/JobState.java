package dev.sdwebui.queue;

/**
 * Life cycle of a queued job: {@code QUEUED -> RUNNING -> DONE | FAILED | CANCELLED}, or
 * {@code QUEUED -> CANCELLED} when cancelled before it starts.
 *
 * <p>An interrupted job (A1111 {@code /sdapi/v1/interrupt}) ends {@link #DONE} with
 * {@code interrupted = true} and whatever result its work returned; a running job cancelled through
 * {@link JobQueue#cancel(String)} (v2 {@code DELETE}) ends {@link #CANCELLED}, keeping its partial result.
 */
public enum JobState {
    QUEUED,
    RUNNING,
    DONE,
    FAILED,
    CANCELLED;

    /** True once the job can no longer change. */
    public boolean isTerminal() {
        return this == DONE || this == FAILED || this == CANCELLED;
    }
}
