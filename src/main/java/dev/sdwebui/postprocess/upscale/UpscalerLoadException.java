package dev.sdwebui.postprocess.upscale;

/** An upscaler model file that cannot be read (missing, corrupt, refused by the safe unpickler). */
public final class UpscalerLoadException extends RuntimeException {

    public UpscalerLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
