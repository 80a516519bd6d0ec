package dev.sdwebui.queue;

/**
 * Thrown by {@link JobContext#throwIfInterrupted()} so deep code (a sampler step) can unwind on an
 * interrupt; the queue treats it as an interrupted job, not a failure. Mirrors A1111's
 * {@code sd_samplers_common.InterruptedException}, which the sampler catches to return the current latent.
 */
public class JobInterruptedException extends RuntimeException {

    public JobInterruptedException() {
        super("Job interrupted");
    }
}
