package dev.sdwebui.sampling.denoise;

/** A1111's {@code NansException}: the network produced only NaNs. The message is A1111's. */
public class NansException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public NansException(String message) {
        super(message);
    }
}
