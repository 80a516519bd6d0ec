package dev.sdwebui.cli;

import dev.sdwebui.config.FlagSpec;
import dev.sdwebui.config.FlagSpec.Kind;
import dev.sdwebui.config.LaunchFlags;
import dev.sdwebui.config.LaunchOptions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Parses A1111's launch flags the way its argparse parser does ({@code modules/cmd_args.py}):
 * {@code --flag value} and {@code --flag=value}, unique prefixes ({@code allow_abbrev}), {@code nargs='+'}
 * for {@code --use-cpu}, {@code append} for repeatable flags, last occurrence wins otherwise.
 * {@code COMMANDLINE_ARGS} is shlex-split and appended after the real arguments
 * ({@code sys.argv += shlex.split(commandline_args)} in {@code modules/paths_internal.py}).
 * Unknown arguments are an error (exit 2) unless {@code IGNORE_CMD_ARGS_ERRORS} is set.
 */
public final class LaunchParser {

    static final String PROG = "webui.sh";
    private final Map<String, String> env;

    /** @param env the process environment (System.getenv() in main; a map in tests) */
    public LaunchParser(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    /** Parses the command line plus COMMANDLINE_ARGS. Never throws for bad user input. */
    public ParseOutcome parse(String... args) {
        List<String> tokens = new ArrayList<>(Arrays.asList(args));
        try {
            tokens.addAll(Shlex.split(env.getOrDefault("COMMANDLINE_ARGS", "")));
        } catch (IllegalArgumentException e) {
            return error("COMMANDLINE_ARGS: " + e.getMessage());
        }
        Map<String, Object> values = new HashMap<>();
        List<String> extras = new ArrayList<>();
        try {
            for (int i = 0; i < tokens.size(); i++) {
                String tok = tokens.get(i);
                if (tok.equals("-h") || tok.equals("--help")) {
                    return new ParseOutcome(ParseOutcome.Status.HELP, null, help(), 0, List.of());
                }
                if (tok.equals("-f")) {
                    continue; // A1111: allows running as root; handled by webui.sh, hidden from --help
                }
                if (tok.equals("--")) {
                    extras.addAll(tokens.subList(i + 1, tokens.size()));
                    break;
                }
                if (!tok.startsWith("--") || tok.length() == 2) {
                    extras.add(tok);
                    continue;
                }
                i = consume(tokens, i, values, extras);
            }
        } catch (ArgumentException e) {
            return error(e.getMessage());
        }
        if (!extras.isEmpty() && env.get("IGNORE_CMD_ARGS_ERRORS") == null) {
            return error("unrecognized arguments: " + String.join(" ", extras));
        }
        try {
            return new ParseOutcome(ParseOutcome.Status.RUN, LaunchOptions.fromValues(values), "", 0, extras);
        } catch (IllegalArgumentException e) {
            return error(e.getMessage());
        }
    }

    /** Reads one option starting at index i; returns the index of the last token consumed. */
    private int consume(List<String> tokens, int i, Map<String, Object> values, List<String> extras) {
        String tok = tokens.get(i);
        int eq = tok.indexOf('=');
        String name = eq < 0 ? tok.substring(2) : tok.substring(2, eq);
        String inline = eq < 0 ? null : tok.substring(eq + 1);
        FlagSpec flag = lookup(name);
        if (flag == null) {
            extras.add(tok);
            return i;
        }
        switch (flag.kind()) {
            case BOOL, STORE_FALSE -> {
                if (inline != null) {
                    throw new ArgumentException("argument " + flag.option() + ": ignored explicit argument '" + inline + "'");
                }
                values.put(flag.name(), flag.kind() == Kind.BOOL ? Boolean.TRUE : Boolean.FALSE);
                return i;
            }
            case LIST -> {
                List<String> vals = new ArrayList<>();
                int j = i;
                if (inline != null) {
                    vals.add(inline.toLowerCase(Locale.ROOT));
                } else {
                    while (j + 1 < tokens.size() && isValue(tokens.get(j + 1))) {
                        vals.add(tokens.get(++j).toLowerCase(Locale.ROOT));
                    }
                }
                if (vals.isEmpty()) {
                    throw new ArgumentException("argument " + flag.option() + ": expected at least one argument");
                }
                values.put(flag.name(), vals);
                return j;
            }
            default -> {
                String v = inline;
                int j = i;
                if (v == null) {
                    if (j + 1 >= tokens.size() || !isValue(tokens.get(j + 1))) {
                        throw new ArgumentException("argument " + flag.option() + ": expected one argument");
                    }
                    v = tokens.get(++j);
                }
                store(flag, v, values);
                return j;
            }
        }
    }

    private static void store(FlagSpec flag, String v, Map<String, Object> values) {
        switch (flag.kind()) {
            case INT -> {
                try {
                    values.put(flag.name(), Integer.parseInt(v.trim()));
                } catch (NumberFormatException e) {
                    throw new ArgumentException("argument " + flag.option() + ": invalid int value: '" + v + "'");
                }
            }
            case CHOICE -> {
                if (!flag.choices().contains(v)) {
                    throw new ArgumentException("argument " + flag.option() + ": invalid choice: '" + v + "' (choose from "
                            + flag.choices().stream().map(c -> "'" + c + "'").collect(Collectors.joining(", ")) + ")");
                }
                values.put(flag.name(), v);
            }
            case APPEND -> {
                @SuppressWarnings("unchecked")
                List<String> old = (List<String>) values.getOrDefault(flag.name(), List.of());
                List<String> next = new ArrayList<>(old);
                next.add(v);
                values.put(flag.name(), next);
            }
            default -> values.put(flag.name(), v);
        }
    }

    /** argparse treats "-5" as a value (negative number) but "-x"/"--x" as an option. */
    private static boolean isValue(String tok) {
        return !tok.startsWith("-") || tok.matches("-\\d+(\\.\\d*)?");
    }

    /** Exact name, else a unique prefix (argparse allow_abbrev=True). */
    private static FlagSpec lookup(String name) {
        var exact = LaunchFlags.byName(name);
        if (exact.isPresent()) {
            return exact.get();
        }
        List<FlagSpec> prefixed = LaunchFlags.all().stream().filter(f -> f.name().startsWith(name)).toList();
        if (prefixed.size() > 1 && !name.isEmpty()) {
            throw new ArgumentException("ambiguous option: --" + name + " could match "
                    + prefixed.stream().map(FlagSpec::option).collect(Collectors.joining(", ")));
        }
        return prefixed.size() == 1 && !name.isEmpty() ? prefixed.get(0) : null;
    }

    private static ParseOutcome error(String message) {
        String text = "usage: " + PROG + " [-h] [FLAGS ...]\n" + PROG + ": error: " + message;
        return new ParseOutcome(ParseOutcome.Status.ERROR, null, text, 2, List.of());
    }

    /** The --help text: one line per flag. */
    public String help() {
        StringBuilder sb = new StringBuilder();
        sb.append("usage: ").append(PROG).append(" [-h] [FLAGS ...]\n\n");
        sb.append("sd-webui: AUTOMATIC1111-compatible Stable Diffusion web UI and API on the JVM.\n");
        sb.append("Flags are also read from the COMMANDLINE_ARGS environment variable (and webui-user.sh).\n\n");
        sb.append("options:\n");
        sb.append(line("-h, --help", "show this help message and exit"));
        for (FlagSpec f : LaunchFlags.all()) {
            String left = f.option() + (f.metavar().isEmpty() ? "" : " " + f.metavar());
            String def = f.takesValue() && f.defaultValue() != null && !(f.defaultValue() instanceof List<?>)
                    ? " (default: " + f.defaultValue() + ")" : "";
            sb.append(line(left, f.help() + def));
        }
        return sb.toString();
    }

    private static String line(String left, String help) {
        String pad = left.length() < 40 ? " ".repeat(40 - left.length()) : "  ";
        return "  " + left + pad + help + "\n";
    }

    /** A user error in the arguments; becomes the argparse-style message. */
    private static final class ArgumentException extends RuntimeException {
        ArgumentException(String message) {
            super(message);
        }
    }
}
