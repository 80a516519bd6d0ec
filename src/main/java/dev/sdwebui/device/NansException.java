package dev.sdwebui.device;

/** A1111's NansException: a network produced a tensor that is NaN everywhere. */
public final class NansException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public NansException(String message) {
        super(message);
    }
}
