package dev.sdwebui.model.merge;

/** A merge that cannot be done as asked (bad input, incompatible models); the message is for the user. */
public final class MergeException extends Exception {

    private static final long serialVersionUID = 1L;

    public MergeException(String message) {
        super(message);
    }
}
