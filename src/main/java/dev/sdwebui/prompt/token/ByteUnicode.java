package dev.sdwebui.prompt.token;

import java.util.ArrayList;
import java.util.List;

/**
 * GPT-2/CLIP byte-level mapping of the 256 byte values to printable unicode characters.
 *
 * <p>Ref: openai/CLIP simple_tokenizer.py {@code bytes_to_unicode}: printable Latin-1 bytes map to
 * themselves; the other 68 bytes map to U+0100 onward, in byte order.
 */
final class ByteUnicode {

    private static final char[] BYTE_TO_CHAR = build();

    private ByteUnicode() {
    }

    private static boolean printable(int b) {
        return (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
    }

    private static char[] build() {
        char[] map = new char[256];
        int n = 0;
        for (int b = 0; b < 256; b++) {
            if (printable(b)) {
                map[b] = (char) b;
            } else {
                map[b] = (char) (256 + n++);
            }
        }
        return map;
    }

    static char charOf(int unsignedByte) {
        return BYTE_TO_CHAR[unsignedByte];
    }

    /** The 256 characters in CLIP's vocabulary order: printable bytes first, then the rest. */
    static List<String> orderedChars() {
        List<String> out = new ArrayList<>(256);
        for (int b = 0; b < 256; b++) {
            if (printable(b)) {
                out.add(String.valueOf(BYTE_TO_CHAR[b]));
            }
        }
        for (int b = 0; b < 256; b++) {
            if (!printable(b)) {
                out.add(String.valueOf(BYTE_TO_CHAR[b]));
            }
        }
        return out;
    }
}
