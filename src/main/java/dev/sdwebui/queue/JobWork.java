package dev.sdwebui.queue;

/**
 * The work of one job, run on the queue's worker thread. It reports progress and polls
 * interrupt/skip through the {@link JobContext}; on interrupt it should stop after the current step
 * and return what it has (A1111 returns the images finished so far).
 *
 * @param <R> the result type (for generation: the pipeline's result record)
 */
@FunctionalInterface
public interface JobWork<R> {

    /**
     * Runs the job. Any exception ends the job {@link JobState#FAILED} with the exception's message;
     * {@link JobInterruptedException} ends it as interrupted (DONE, or CANCELLED after a cancel).
     */
    R run(JobContext context) throws Exception;
}
