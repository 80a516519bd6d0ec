package dev.sdwebui.queue;

/** Completes a job's future when its work threw; the message is the clean, user-facing one. */
public class JobFailedException extends RuntimeException {

    public JobFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
