package dev.sdwebui.config.styles;

import java.util.ArrayList;
import java.util.List;

/** Minimal RFC 4180 CSV, as Python's csv module reads and writes it (QUOTE_MINIMAL, "" escapes). */
final class Csv {

    private Csv() {
    }

    /** Parses the whole text into rows of fields; quoted fields may hold commas, quotes and newlines. */
    static List<List<String>> parse(String text) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder f = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    f.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    f.append(c);
                }
                continue;
            }
            switch (c) {
                case '"' -> { quoted = true; any = true; }
                case ',' -> { row.add(f.toString()); f.setLength(0); any = true; }
                case '\r' -> { }
                case '\n' -> {
                    if (any || f.length() > 0) {
                        row.add(f.toString());
                        rows.add(row);
                    }
                    row = new ArrayList<>();
                    f.setLength(0);
                    any = false;
                }
                default -> { f.append(c); any = true; }
            }
        }
        if (any || f.length() > 0) {
            row.add(f.toString());
            rows.add(row);
        }
        return rows;
    }

    /** One CSV line (with \r\n like Python's csv writer). */
    static String line(List<String> fields) {
        List<String> out = new ArrayList<>();
        for (String s : fields) {
            boolean quote = s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r");
            out.add(quote ? "\"" + s.replace("\"", "\"\"") + "\"" : s);
        }
        return String.join(",", out) + "\r\n";
    }
}
