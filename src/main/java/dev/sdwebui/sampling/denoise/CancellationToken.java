package dev.sdwebui.sampling.denoise;

/**
 * Interrupt / skip flags of one job, checked before every denoiser call (A1111 {@code state.interrupted}
 * / {@code state.skipped}). Interrupt stops the job after the current step and keeps what exists;
 * skip ends the current image and lets the job go on. Thread-safe: set from the HTTP thread.
 */
public final class CancellationToken {

    private volatile boolean interrupted;
    private volatile boolean skipped;

    public void interrupt() {
        interrupted = true;
    }

    public void skip() {
        skipped = true;
    }

    /** Clears the skip flag before the next image (A1111 resets state.skipped per image). */
    public void clearSkip() {
        skipped = false;
    }

    public boolean isInterrupted() {
        return interrupted;
    }

    public boolean isSkipped() {
        return skipped;
    }

    public boolean isCancelled() {
        return interrupted || skipped;
    }
}
