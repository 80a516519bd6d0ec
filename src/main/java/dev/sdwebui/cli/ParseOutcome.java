package dev.sdwebui.cli;

import dev.sdwebui.config.LaunchOptions;
import java.util.List;
import java.util.Objects;

/**
 * The result of parsing the launch flags.
 *
 * @param status       what main() should do
 * @param options      the parsed flags (non-null when status is RUN)
 * @param message      text to print: --help text, or the argparse-style error
 * @param exitCode     0 for RUN/HELP, 2 for an argument error (argparse's code)
 * @param unrecognized arguments ignored because IGNORE_CMD_ARGS_ERRORS is set
 */
public record ParseOutcome(Status status, LaunchOptions options, String message, int exitCode,
                           List<String> unrecognized) {

    /** What to do after parsing. */
    public enum Status { RUN, HELP, ERROR }

    public ParseOutcome {
        Objects.requireNonNull(status, "status");
        unrecognized = unrecognized == null ? List.of() : List.copyOf(unrecognized);
        if (status == Status.RUN && options == null) {
            throw new IllegalArgumentException("RUN needs options");
        }
    }
}
