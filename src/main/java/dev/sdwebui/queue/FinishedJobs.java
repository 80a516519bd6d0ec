package dev.sdwebui.queue;

import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Finished jobs kept for {@code GET /sdapi/v2/jobs/{id}}: at most {@code limit}, none older than
 * {@code ttl}. Insertion order is finish order, so the oldest are always at the head. Guarded by the queue lock.
 */
final class FinishedJobs {

    private final int limit;
    private final Duration ttl;
    private final LinkedHashMap<String, JobRecord> jobs = new LinkedHashMap<>();

    FinishedJobs(int limit, Duration ttl) {
        this.limit = limit;
        this.ttl = ttl;
    }

    void add(JobRecord job, Instant now) {
        jobs.remove(job.id);
        jobs.put(job.id, job);
        prune(now);
    }

    JobRecord get(String id, Instant now) {
        prune(now);
        return jobs.get(id);
    }

    int size() {
        return jobs.size();
    }

    void prune(Instant now) {
        Instant oldestKept = now.minus(ttl);
        for (Iterator<Map.Entry<String, JobRecord>> it = jobs.entrySet().iterator(); it.hasNext(); ) {
            JobRecord job = it.next().getValue();
            if (jobs.size() > limit || job.finishedAt.isBefore(oldestKept)) {
                it.remove();
            } else {
                break;
            }
        }
    }
}
