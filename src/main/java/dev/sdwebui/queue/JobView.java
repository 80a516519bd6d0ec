package dev.sdwebui.queue;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A read-only picture of one job, for {@code GET /sdapi/v2/jobs/{id}}.
 *
 * @param queuePosition 1-based place in the waiting line while QUEUED (1 = runs next), else 0
 * @param progress      the live progress while RUNNING, the last reading once finished (progress 1
 *                      when DONE), a zero reading while QUEUED
 * @param error         the clean failure message when FAILED, else null
 * @param result        the work's result once DONE (or the partial result of a cancelled run), else null
 */
public record JobView(
        String id,
        String job,
        JobState state,
        int queuePosition,
        boolean interrupted,
        Instant createdAt,
        Instant startedAt,
        Instant finishedAt,
        ProgressSnapshot progress,
        String error,
        Object result) {

    public JobView {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /** The result as the given type, empty when absent or of another type. */
    public <T> Optional<T> resultAs(Class<T> type) {
        return type.isInstance(result) ? Optional.of(type.cast(result)) : Optional.empty();
    }
}
