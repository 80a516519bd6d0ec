package dev.sdwebui.queue;

import java.awt.image.BufferedImage;

/**
 * What a running job sees of the queue: progress reporting and the interrupt/skip flags. Replaces
 * A1111's global {@code shared.state}: each job has its own context, so progress and interrupts never
 * leak between jobs. Called from the worker thread only; every call is cheap (no PNG encoding, listeners
 * run on other threads).
 *
 * <p>Counters follow A1111 (modules/shared_state.py): {@code job_count} is the number of iterations
 * ({@code n_iter}, 1 unless set), {@code job_no} the number finished ({@link #nextJob()} after each),
 * {@code sampling_step}/{@code sampling_steps} the sampler's position inside the current iteration.
 */
public interface JobContext {

    /** The job id (A1111 {@code id_task}, e.g. {@code task(txt2img-AB12CD3)}). */
    String jobId();

    /** The job's start time as A1111's {@code job_timestamp}, {@code %Y%m%d%H%M%S} in local time. */
    String jobTimestamp();

    /** Sets {@code job_count}, the number of iterations (batches) this job will run; at least 1. */
    void setJobCount(int jobCount);

    int jobCount();

    /** Number of finished iterations ({@code job_no}). */
    int jobNo();

    /**
     * Marks the current iteration finished (A1111 {@code state.nextjob()}): {@code job_no + 1}, step 0.
     * Also consumes a pending skip, so a skip ends only the iteration it arrived in.
     */
    void nextJob();

    /** Sets {@code sampling_steps} for the coming sampler run and resets {@code sampling_step} to 0. */
    void setSteps(int steps);

    /** One sampler step done ({@code sampling_step + 1}); publishes a PROGRESS event. */
    void step();

    /** Sets {@code sampling_step} directly (A1111's sampler callback sets {@code state.sampling_step = i}). */
    void setStep(int step);

    /** A1111 {@code state.textinfo}: a short status line ("Loading model...", "Decoding"...). */
    void textinfo(String text);

    /** Publishes a live preview already encoded as PNG. */
    void preview(byte[] png);

    /** Publishes a live preview; it is encoded to PNG later, off the worker thread, only if someone asks. */
    void preview(BufferedImage image);

    /** The job was interrupted (A1111 {@code /interrupt}) or cancelled: stop after the current step. */
    boolean isInterrupted();

    /** A skip is pending (A1111 {@code /skip}): end the current iteration; cleared by {@link #nextJob()}. */
    boolean isSkipped();

    /** What a sampler checks after each step: interrupted or skipped (Ref: A1111 sd_samplers_common). */
    default boolean shouldStopSampling() {
        return isInterrupted() || isSkipped();
    }

    /** Throws {@link JobInterruptedException} when interrupted, to unwind from deep inside a step. */
    default void throwIfInterrupted() {
        if (isInterrupted()) {
            throw new JobInterruptedException();
        }
    }
}
