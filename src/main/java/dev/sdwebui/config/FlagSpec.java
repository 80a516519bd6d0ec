package dev.sdwebui.config;

import java.util.List;
import java.util.Objects;

/**
 * One launch flag: its A1111 name, how argparse reads it, its default and its one-line help.
 *
 * @param name     flag without the leading dashes, e.g. {@code "ckpt-dir"}
 * @param kind     how the flag consumes arguments (argparse action / nargs)
 * @param defaultValue value when the flag is absent (A1111's default; null where A1111 has None)
 * @param metavar  placeholder shown in --help ("" for flags without a value)
 * @param help     one line for --help
 * @param notice   when non-null and the flag is set, this line is logged at start-up: the flag is accepted
 *                 but its feature does not exist (yet) or has no meaning on the JVM
 * @param choices  allowed values for {@link Kind#CHOICE}, empty otherwise
 */
public record FlagSpec(String name, Kind kind, Object defaultValue, String metavar, String help, String notice,
                       List<String> choices) {

    /** How a flag consumes its arguments, mirroring argparse. */
    public enum Kind {
        /** store_true */
        BOOL,
        /** store_false with default None (only --disable-tls-verify) */
        STORE_FALSE,
        /** one string value */
        STRING,
        /** one int value */
        INT,
        /** one value out of {@link #choices()} */
        CHOICE,
        /** nargs='+', lower-cased (only --use-cpu) */
        LIST,
        /** action='append': may repeat, each occurrence adds one value */
        APPEND
    }

    public FlagSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(help, "help");
        if (name.startsWith("-") || name.isBlank()) {
            throw new IllegalArgumentException("flag name without dashes expected: " + name);
        }
        metavar = metavar == null ? "" : metavar;
        choices = choices == null ? List.of() : List.copyOf(choices);
    }

    /** The flag as typed on the command line, e.g. {@code --ckpt-dir}. */
    public String option() {
        return "--" + name;
    }

    /** argparse's dest: A1111's snake_case key in {@code /sdapi/v1/cmd-flags}. */
    public String snakeCase() {
        return name.replace('-', '_');
    }

    /** The record component name in {@link LaunchOptions}. */
    public String camelCase() {
        StringBuilder sb = new StringBuilder();
        boolean up = false;
        for (char c : name.toCharArray()) {
            if (c == '-') {
                up = true;
            } else {
                sb.append(up ? Character.toUpperCase(c) : c);
                up = false;
            }
        }
        return sb.toString();
    }

    /** Whether this flag takes a value after it. */
    public boolean takesValue() {
        return kind != Kind.BOOL && kind != Kind.STORE_FALSE;
    }
}
