package dev.sdwebui.queue;

/** No queued, running or retained job has this id (it never existed or was evicted); the API answers 404. */
public class JobNotFoundException extends RuntimeException {

    public JobNotFoundException(String id) {
        super("Job not found: " + id);
    }
}
