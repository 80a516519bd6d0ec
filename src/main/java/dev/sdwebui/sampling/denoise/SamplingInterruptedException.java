package dev.sdwebui.sampling.denoise;

/**
 * Thrown by the CFG denoiser when the job was interrupted or skipped (A1111
 * {@code InterruptedException}); the sampler runner catches it and returns the latest latent.
 */
public class SamplingInterruptedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public SamplingInterruptedException() {
        super("sampling interrupted", null, false, false);
    }
}
