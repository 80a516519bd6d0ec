package dev.sdwebui.infotext;

/**
 * A1111's {@code quote}/{@code unquote} for infotext values.
 * Ref: modules/infotext_utils.py quote (json.dumps(ensure_ascii=False) when str(v) contains ',', '\n'
 * or ':'; a '"' alone does not trigger quoting) and unquote (json.loads, or the text unchanged when it
 * is not valid JSON).
 */
public final class InfotextQuoting {

    private InfotextQuoting() {
    }

    /** The value as it appears after {@code "Key: "} in the parameter line. */
    public static String quote(Object value) {
        String s = PyFormat.str(value);
        if (s.indexOf(',') < 0 && s.indexOf('\n') < 0 && s.indexOf(':') < 0) {
            return s;
        }
        return jsonString(s);
    }

    /** JSON-decodes a {@code "..."} value; anything else, or invalid JSON, is returned unchanged. */
    public static String unquote(String text) {
        if (text.length() < 2 || text.charAt(0) != '"' || text.charAt(text.length() - 1) != '"') {
            return text;
        }
        String decoded = decodeJsonString(text);
        return decoded == null ? text : decoded;
    }

    /** Python {@code json.dumps(s, ensure_ascii=False)} for a string. */
    public static String jsonString(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case '\b' -> b.append("\\b");
                case '\f' -> b.append("\\f");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    /** Strict JSON string literal decoding (the whole text must be one literal); null when invalid. */
    static String decodeJsonString(String text) {
        StringBuilder b = new StringBuilder(text.length());
        int end = text.length() - 1;
        int i = 1;
        while (i < end) {
            char c = text.charAt(i);
            if (c == '"' || c < 0x20) {
                return null; // unescaped quote or control char: json.loads would fail
            }
            if (c != '\\') {
                b.append(c);
                i++;
                continue;
            }
            if (i + 1 >= end) {
                return null;
            }
            char e = text.charAt(i + 1);
            i += 2;
            switch (e) {
                case '"' -> b.append('"');
                case '\\' -> b.append('\\');
                case '/' -> b.append('/');
                case 'b' -> b.append('\b');
                case 'f' -> b.append('\f');
                case 'n' -> b.append('\n');
                case 'r' -> b.append('\r');
                case 't' -> b.append('\t');
                case 'u' -> {
                    if (i + 4 > end) {
                        return null;
                    }
                    int code = 0;
                    for (int k = 0; k < 4; k++) {
                        int d = Character.digit(text.charAt(i + k), 16);
                        if (d < 0 || text.charAt(i + k) > 'f') {
                            return null;
                        }
                        code = code * 16 + d;
                    }
                    b.append((char) code); // surrogate pairs arrive as two \\u escapes, as in JSON
                    i += 4;
                }
                default -> {
                    return null;
                }
            }
        }
        return b.toString();
    }
}
