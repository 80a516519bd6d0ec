package dev.sdwebui.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One user:password pair of --gradio-auth, --gradio-auth-path or --api-auth.
 * Format as A1111 ({@code initialize_util.get_gradio_auth_creds}): pairs separated by ',', user and
 * password split at the FIRST ':' so passwords may contain ':' (A1111's API split on every ':' and broke).
 */
public record Credential(String user, String password) {

    public Credential {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        if (user.isEmpty()) {
            throw new IllegalArgumentException("empty user name");
        }
    }

    /** Hides the password in logs. */
    @Override
    public String toString() {
        return "Credential[user=" + user + "]";
    }

    /** Parses "u:p,u2:p2"; throws {@link StartupException} naming the flag on a malformed entry. */
    public static List<Credential> parse(String flag, String spec) {
        List<Credential> out = new ArrayList<>();
        if (spec == null) {
            return out;
        }
        for (String raw : spec.strip().split(",")) {
            String entry = raw.strip();
            if (entry.isEmpty()) {
                continue;
            }
            int colon = entry.indexOf(':');
            if (colon <= 0) {
                throw new StartupException(flag + ": expected user:password, got an entry without ':' or user");
            }
            out.add(new Credential(entry.substring(0, colon), entry.substring(colon + 1)));
        }
        return out;
    }

    /** Reads a --gradio-auth-path file: one or more lines of the same format. */
    public static List<Credential> parseFile(String flag, Path file) {
        try {
            List<Credential> out = new ArrayList<>();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                out.addAll(parse(flag, line));
            }
            return out;
        } catch (IOException e) {
            throw new StartupException(flag + ": cannot read " + file + ": " + e.getMessage());
        }
    }

    /** Web UI users: --gradio-auth plus the lines of --gradio-auth-path. */
    public static List<Credential> uiUsers(LaunchOptions o) {
        List<Credential> out = new ArrayList<>(parse("--gradio-auth", o.gradioAuth()));
        if (o.gradioAuthPath() != null) {
            out.addAll(parseFile("--gradio-auth-path", Path.of(o.gradioAuthPath()).toAbsolutePath()));
        }
        return out;
    }

    /** API users: --api-auth. */
    public static List<Credential> apiUsers(LaunchOptions o) {
        return parse("--api-auth", o.apiAuth());
    }
}
