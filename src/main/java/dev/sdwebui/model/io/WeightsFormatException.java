package dev.sdwebui.model.io;

import java.nio.file.Path;

/**
 * A weights file could not be read: corrupt, truncated, unsupported or refused for safety. The message
 * is meant for the user: it names the file and the problem, never a Java internal.
 */
public class WeightsFormatException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient Path file;

    public WeightsFormatException(Path file, String problem) {
        super(describe(file, problem));
        this.file = file;
    }

    public WeightsFormatException(Path file, String problem, Throwable cause) {
        super(describe(file, problem), cause);
        this.file = file;
    }

    private WeightsFormatException(Path file, String message, boolean unused) {
        super(message);
        this.file = file;
    }

    /**
     * A file refused for safety (a pickle naming a global outside the allow-list):
     * "refusing to load x.ckpt: reason".
     */
    public static WeightsFormatException refused(Path file, String reason) {
        return new WeightsFormatException(file, "refusing to load " + file.getFileName() + ": " + reason, true);
    }

    /** The file that failed, or {@code null} when the problem is not tied to a file. */
    public Path file() {
        return file;
    }

    private static String describe(Path file, String problem) {
        return file == null ? problem : "cannot load " + file.getFileName() + ": " + problem;
    }
}
