package dev.sdwebui.api;

import dev.sdwebui.queue.JobHandle;
import dev.sdwebui.queue.JobQueue;
import dev.sdwebui.queue.JobSpec;
import dev.sdwebui.queue.QueueFullException;
import org.springframework.http.HttpStatus;

/** Queues a generation job for the API: A1111's force_task_id, 503 when full, 409 for an id in use. */
final class ApiJobs {

    private ApiJobs() {
    }

    static <R> JobHandle<R> submit(JobQueue queue, JobSpec<R> spec, String forceTaskId) {
        JobSpec<R> s = forceTaskId != null && !forceTaskId.isBlank() ? spec.withId(forceTaskId) : spec;
        try {
            return queue.submit(s);
        } catch (QueueFullException e) {
            throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "The job queue is full (" + e.capacity()
                    + " waiting jobs); try again later");
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new ApiException(HttpStatus.CONFLICT, e.getMessage());
        }
    }
}
