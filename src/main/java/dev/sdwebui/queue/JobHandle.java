package dev.sdwebui.queue;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The submitter's grip on a job: its id and its outcome. DONE completes with the result (also when
 * interrupted: the partial result); FAILED with {@link JobFailedException}; CANCELLED with
 * {@link JobCancelledException}.
 *
 * @param <R> the result type
 */
public final class JobHandle<R> {

    private final String id;
    private final CompletableFuture<R> future;

    JobHandle(String id, CompletableFuture<R> future) {
        this.id = Objects.requireNonNull(id);
        this.future = Objects.requireNonNull(future);
    }

    public String id() {
        return id;
    }

    /** The outcome as a stage the caller cannot complete. */
    public CompletionStage<R> completion() {
        return future.minimalCompletionStage();
    }

    public boolean isFinished() {
        return future.isDone();
    }

    /** Waits for the outcome (the synchronous A1111 endpoints do this). */
    public R await() throws InterruptedException {
        try {
            return future.get();
        } catch (ExecutionException e) {
            throw unwrap(e);
        }
    }

    /** Waits at most {@code timeout}. */
    public R await(Duration timeout) throws InterruptedException, TimeoutException {
        try {
            return future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw unwrap(e);
        }
    }

    private static RuntimeException unwrap(ExecutionException e) {
        Throwable cause = e.getCause();
        return cause instanceof RuntimeException r ? r : new JobFailedException(String.valueOf(cause), cause);
    }
}
