package dev.sdwebui.prompt.token;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * CLIP's byte-level BPE tokenizer (our own implementation).
 *
 * <p>Ref: openai/CLIP simple_tokenizer.py and transformers {@code CLIPTokenizer}: text is cleaned
 * (unicode NFC, control characters dropped, whitespace collapsed and trimmed), lower-cased, split
 * with CLIP's pre-tokenisation regex, each piece is UTF-8 encoded, mapped byte-by-byte to unicode
 * characters and merged by BPE with {@code </w>} marking the end of a word. ftfy's mojibake repair
 * is not reproduced; quotes, ligatures and full-width forms common in prompts are normalised as
 * ftfy does.
 *
 * <p>Thread-safe: the BPE cache is synchronized.
 */
public final class ClipTokenizer {

    public static final String START_TEXT = "<|startoftext|>";
    public static final String END_TEXT = "<|endoftext|>";
    /** Context length of the CLIP text encoder, start and end included. */
    public static final int CONTEXT_LENGTH = 77;

    private static final Pattern PRE_TOKENIZE = Pattern.compile(
            "<\\|startoftext\\|>|<\\|endoftext\\|>|'s|'t|'re|'ve|'m|'ll|'d|[\\p{L}]+|[\\p{N}]|[^\\s\\p{L}\\p{N}]+",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.UNICODE_CHARACTER_CLASS);
    /** Python's unicode {@code \s} (also 0x1c-0x1f), as in CLIP's {@code whitespace_clean}. */
    private static final Pattern WHITESPACE = Pattern.compile("[\\s\\x1c-\\x1f]+", Pattern.UNICODE_CHARACTER_CLASS);
    private static final int CACHE_LIMIT = 50_000;

    private final BpeVocabulary vocab;
    private final int startId;
    private final int endId;
    private final Map<String, int[]> cache = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, int[]> eldest) {
            return size() > CACHE_LIMIT;
        }
    };

    public ClipTokenizer(BpeVocabulary vocab) {
        this.vocab = vocab;
        this.startId = require(vocab, START_TEXT);
        this.endId = require(vocab, END_TEXT);
    }

    private static int require(BpeVocabulary vocab, String token) {
        int id = vocab.id(token);
        if (id < 0) {
            throw new IllegalArgumentException("tokenizer vocabulary lacks " + token);
        }
        return id;
    }

    /** Start-of-text id (49406 for CLIP). */
    public int startId() {
        return startId;
    }

    /** End-of-text id, also the padding id for SD1 (49407). */
    public int endId() {
        return endId;
    }

    /** Id of {@code ,</w>} (used by A1111's comma back-tracking), or -1. */
    public int commaId() {
        return vocab.id(",</w>");
    }

    public BpeVocabulary vocabulary() {
        return vocab;
    }

    /**
     * Token ids of {@code text} without start/end tokens and without truncation
     * (A1111: {@code tokenizer(texts, truncation=False, add_special_tokens=False)}).
     */
    public int[] encode(String text) {
        String clean = clean(text);
        List<int[]> parts = new ArrayList<>();
        int total = 0;
        Matcher m = PRE_TOKENIZE.matcher(clean);
        while (m.find()) {
            int[] ids = bpeIds(m.group());
            parts.add(ids);
            total += ids.length;
        }
        int[] out = new int[total];
        int pos = 0;
        for (int[] p : parts) {
            System.arraycopy(p, 0, out, pos, p.length);
            pos += p.length;
        }
        return out;
    }

    /** Each text fragment tokenized separately (as A1111 does for emphasis fragments). */
    public List<int[]> encodeEach(List<String> texts) {
        List<int[]> out = new ArrayList<>(texts.size());
        for (String t : texts) {
            out.add(encode(t));
        }
        return out;
    }

    /**
     * {@code [start] + ids + [end]} padded with the end id to {@code length} (truncated keeping the end
     * token when too long), like {@code tokenizer(text, padding="max_length", max_length=77)}.
     */
    public long[] encodePadded(String text, int length) {
        int[] ids = encode(text);
        long[] out = new long[length];
        Arrays.fill(out, endId);
        out[0] = startId;
        int n = Math.min(ids.length, length - 2);
        for (int i = 0; i < n; i++) {
            out[i + 1] = ids[i];
        }
        return out;
    }

    /** Basic clean-up: NFC, ftfy-like quote/ligature/width fixes, control chars, whitespace, lower case. */
    static String clean(String text) {
        String s = Normalizer.normalize(text, Normalizer.Form.NFC);
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(cp -> appendCleaned(b, cp));
        return WHITESPACE.matcher(b).replaceAll(" ").strip().toLowerCase(java.util.Locale.ROOT);
    }

    private static void appendCleaned(StringBuilder b, int cp) {
        switch (cp) {
            case 0x2018, 0x2019, 0x201A, 0x201B -> b.append('\'');
            case 0x201C, 0x201D, 0x201E, 0x201F -> b.append('"');
            case 0xFB00 -> b.append("ff");
            case 0xFB01 -> b.append("fi");
            case 0xFB02 -> b.append("fl");
            case 0xFB03 -> b.append("ffi");
            case 0xFB04 -> b.append("ffl");
            default -> appendPlain(b, cp);
        }
    }

    private static void appendPlain(StringBuilder b, int cp) {
        if (cp >= 0xFF01 && cp <= 0xFF5E) {
            b.append((char) (cp - 0xFEE0)); // full-width ASCII to ASCII, as ftfy fix_character_width
        } else if (cp == 0x3000) {
            b.append(' ');
        } else if (cp == '\t' || cp == '\n' || cp == '\r') {
            b.append(' ');
        } else if (Character.getType(cp) == Character.CONTROL || cp == 0xFFFD) {
            return; // dropped, as transformers' BasicTokenizer._clean_text
        } else {
            b.appendCodePoint(cp);
        }
    }

    private int[] bpeIds(String piece) {
        synchronized (cache) {
            int[] hit = cache.get(piece);
            if (hit != null) {
                return hit;
            }
        }
        int[] ids = computeIds(piece);
        synchronized (cache) {
            cache.put(piece, ids);
        }
        return ids;
    }

    private int[] computeIds(String piece) {
        if (piece.equals(START_TEXT) || piece.equals(END_TEXT)) {
            return new int[] {vocab.id(piece)};
        }
        byte[] bytes = piece.getBytes(StandardCharsets.UTF_8);
        List<String> word = new ArrayList<>(bytes.length);
        for (byte by : bytes) {
            word.add(String.valueOf(ByteUnicode.charOf(by & 0xFF)));
        }
        int last = word.size() - 1;
        word.set(last, word.get(last) + "</w>");
        List<String> merged = Bpe.merge(word, vocab);
        int[] ids = new int[merged.size()];
        for (int i = 0; i < ids.length; i++) {
            int id = vocab.id(merged.get(i));
            if (id < 0) {
                throw new IllegalStateException("BPE produced a token missing from the vocabulary: " + merged.get(i));
            }
            ids[i] = id;
        }
        return ids;
    }
}
