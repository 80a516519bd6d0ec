package dev.sdwebui.config;

/** A user error found before the server starts (missing named file, bad flag combination): printed, exit 1. */
public class StartupException extends RuntimeException {

    public StartupException(String message) {
        super(message);
    }
}
