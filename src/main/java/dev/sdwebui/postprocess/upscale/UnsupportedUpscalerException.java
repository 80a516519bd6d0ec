package dev.sdwebui.postprocess.upscale;

/** An upscaler file whose architecture or layout this build cannot run; the message names it. */
public final class UnsupportedUpscalerException extends RuntimeException {

    public UnsupportedUpscalerException(String message) {
        super(message);
    }
}
