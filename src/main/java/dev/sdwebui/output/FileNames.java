package dev.sdwebui.output;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * File-name helpers with A1111's exact behaviour.
 * Ref: modules/images.py sanitize_filename_part, get_next_sequence_number, os.path.splitext.
 */
public final class FileNames {

    private static final String INVALID = "#<>:\"/\\|?*\n\r\t";
    private static final Pattern PY_INT = Pattern.compile("\\s*([+-]?\\d+)\\s*");

    private final int maxPartLength;
    private final boolean unixSanitization;

    public FileNames(int maxPartLength, boolean unixSanitization) {
        this.maxPartLength = maxPartLength;
        this.unixSanitization = unixSanitization;
    }

    /** {@code sanitize_filename_part}: null stays null. */
    public String sanitize(String text, boolean replaceSpaces) {
        if (text == null) {
            return null;
        }
        String s = replaceSpaces ? text.replace(' ', '_') : text;
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean bad = unixSanitization ? c == '/' : INVALID.indexOf(c) >= 0;
            b.append(bad ? '_' : c);
        }
        int start = 0;
        while (start < b.length() && b.charAt(start) == ' ') {
            start++;
        }
        String cut = b.substring(start, Math.min(b.length(), start + maxPartLength));
        int end = cut.length();
        while (end > 0 && (cut.charAt(end - 1) == ' ' || cut.charAt(end - 1) == '.')) {
            end--;
        }
        return cut.substring(0, end);
    }

    /**
     * The next free sequence number: one more than the largest leading number among the entries of
     * {@code dir} that start with {@code basename-} (or all entries when basename is empty); 0 when none.
     */
    public static int nextSequenceNumber(Path dir, String basename) {
        String prefix = basename.isEmpty() ? "" : basename + "-";
        long result = -1;
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path p : (Iterable<Path>) entries::iterator) {
                String name = p.getFileName().toString();
                if (!name.startsWith(prefix)) {
                    continue;
                }
                String first = splitext(name.substring(prefix.length()))[0].split("-", -1)[0];
                Matcher m = PY_INT.matcher(first);
                if (m.matches()) {
                    try {
                        result = Math.max(result, Long.parseLong(m.group(1)));
                    } catch (NumberFormatException tooBig) {
                        // Python would accept it; a number that large is not a sequence number we continue.
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list output folder " + dir + ": " + e.getMessage(), e);
        }
        return (int) Math.min(Integer.MAX_VALUE - 1000L, result + 1);
    }

    /** {@code os.path.splitext}: leading dots do not start an extension. */
    static String[] splitext(String name) {
        int dot = name.lastIndexOf('.');
        int firstNonDot = 0;
        while (firstNonDot < name.length() && name.charAt(firstNonDot) == '.') {
            firstNonDot++;
        }
        if (dot <= 0 || dot < firstNonDot) {
            return new String[] {name, ""};
        }
        return new String[] {name.substring(0, dot), name.substring(dot)};
    }
}
