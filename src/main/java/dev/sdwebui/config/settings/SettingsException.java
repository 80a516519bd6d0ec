package dev.sdwebui.config.settings;

/** A rejected settings change; {@link #reason()} tells the API which status to answer. */
public class SettingsException extends RuntimeException {

    /** Why the change was rejected. */
    public enum Reason { UNKNOWN_KEY, BAD_VALUE, FROZEN, RESTRICTED }

    private final Reason reason;

    public SettingsException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
