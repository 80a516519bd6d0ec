package dev.sdwebui.prompt.parse;

/** Number and whitespace lexing shared by the prompt parsers (Python/Lark semantics). */
final class NumberSyntax {

    private NumberSyntax() {
    }

    /** Python's {@code \s} for str patterns: ASCII whitespace, 0x1c-0x1f and unicode spaces. */
    static boolean isPythonSpace(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c) || c == '\u0085';
    }

    /**
     * End index of a Lark {@code SIGNED_NUMBER} starting at {@code i}, or -1.
     * {@code ["+"|"-"] (FLOAT | INT)}; {@code FLOAT: INT _EXP | DECIMAL _EXP?};
     * {@code DECIMAL: INT "." INT? | "." INT}; {@code _EXP: ("e"|"E") ["+"|"-"] INT}.
     */
    static int signedNumberEnd(String s, int i) {
        int p = i;
        if (p < s.length() && (s.charAt(p) == '+' || s.charAt(p) == '-')) {
            p++;
        }
        int intEnd = digits(s, p);
        boolean hasInt = intEnd > p;
        p = intEnd;
        boolean hasFrac = false;
        if (p < s.length() && s.charAt(p) == '.') {
            int fracEnd = digits(s, p + 1);
            hasFrac = fracEnd > p + 1;
            if (!hasInt && !hasFrac) {
                return -1;
            }
            p = fracEnd;
        } else if (!hasInt) {
            return -1;
        }
        return exponentEnd(s, p);
    }

    private static int exponentEnd(String s, int p) {
        if (p < s.length() && (s.charAt(p) == 'e' || s.charAt(p) == 'E')) {
            int q = p + 1;
            if (q < s.length() && (s.charAt(q) == '+' || s.charAt(q) == '-')) {
                q++;
            }
            int end = digits(s, q);
            if (end > q) {
                return end;
            }
        }
        return p;
    }

    private static int digits(String s, int p) {
        while (p < s.length() && s.charAt(p) >= '0' && s.charAt(p) <= '9') {
            p++;
        }
        return p;
    }
}
