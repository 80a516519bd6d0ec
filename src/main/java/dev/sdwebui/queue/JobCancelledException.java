package dev.sdwebui.queue;

import java.util.concurrent.CancellationException;

/** Completes a job's future when the job was cancelled (while queued, by a v2 DELETE, or on shutdown). */
public class JobCancelledException extends CancellationException {

    public JobCancelledException(String message) {
        super(message);
    }
}
