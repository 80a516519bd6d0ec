package dev.sdwebui.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * POSIX-mode {@code shlex.split}: how A1111 splits the {@code COMMANDLINE_ARGS} environment variable
 * ({@code modules/paths_internal.py}). Whitespace separates words; single quotes keep everything literal;
 * double quotes keep everything but {@code \"} {@code \\} escapes; a backslash outside quotes escapes the next char.
 */
public final class Shlex {

    private Shlex() {
    }

    /** Splits a command line; throws IllegalArgumentException on an unclosed quote (like shlex). */
    public static List<String> split(String line) {
        List<String> words = new ArrayList<>();
        if (line == null) {
            return words;
        }
        StringBuilder cur = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote == '\'') {
                if (c == '\'') {
                    quote = 0;
                } else {
                    cur.append(c);
                }
            } else if (quote == '"') {
                if (c == '"') {
                    quote = 0;
                } else if (c == '\\' && i + 1 < line.length() && "\"\\$`".indexOf(line.charAt(i + 1)) >= 0) {
                    cur.append(line.charAt(++i));
                } else {
                    cur.append(c);
                }
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(cur.toString());
                    cur.setLength(0);
                    inWord = false;
                }
            } else {
                inWord = true;
                if (c == '\'' || c == '"') {
                    quote = c;
                } else if (c == '\\') {
                    if (i + 1 >= line.length()) {
                        throw new IllegalArgumentException("No escaped character");
                    }
                    cur.append(line.charAt(++i));
                } else {
                    cur.append(c);
                }
            }
        }
        if (quote != 0) {
            throw new IllegalArgumentException("No closing quotation");
        }
        if (inWord) {
            words.add(cur.toString());
        }
        return words;
    }
}
