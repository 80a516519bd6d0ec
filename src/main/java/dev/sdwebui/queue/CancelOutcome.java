package dev.sdwebui.queue;

/** What {@link JobQueue#cancel(String)} did. */
public enum CancelOutcome {
    /** The job was waiting and is now CANCELLED. */
    CANCELLED,
    /** The job is running: it was asked to stop after its current step and will end CANCELLED. */
    STOPPING,
    /** The job had already finished; nothing changed. */
    ALREADY_FINISHED,
    /** No job with that id is known. */
    NOT_FOUND
}
