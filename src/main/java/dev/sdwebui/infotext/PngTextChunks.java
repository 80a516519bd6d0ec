package dev.sdwebui.infotext;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * PNG text chunks as PIL writes and reads them.
 * Ref: Pillow PngImagePlugin.PngInfo.add_text: a tEXt chunk when key and value encode as Latin-1,
 * otherwise iTXt (uncompressed, UTF-8, empty language and translated keyword); chunks go before IDAT.
 * Reading understands tEXt, zTXt and iTXt (compressed or not), later chunks win for the same key.
 */
public final class PngTextChunks {

    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    private static final int MAX_INFLATED = 64 << 20;

    private PngTextChunks() {
    }

    /** Inserts one text chunk per entry right after IHDR of an encoded PNG. */
    public static byte[] insert(byte[] png, Map<String, String> texts) {
        checkSignature(png);
        int ihdrEnd = SIGNATURE.length + 12 + readInt(png, SIGNATURE.length);
        ByteArrayOutputStream out = new ByteArrayOutputStream(png.length + 256);
        out.write(png, 0, ihdrEnd);
        for (Map.Entry<String, String> e : texts.entrySet()) {
            writeTextChunk(out, e.getKey(), e.getValue());
        }
        out.write(png, ihdrEnd, png.length - ihdrEnd);
        return out.toByteArray();
    }

    private static void writeTextChunk(ByteArrayOutputStream out, String key, String value) {
        if (key.isEmpty() || key.length() > 79 || !latin1(key)) {
            throw new IllegalArgumentException("PNG text key must be 1-79 Latin-1 characters: " + key);
        }
        byte[] k = key.getBytes(StandardCharsets.ISO_8859_1);
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        data.writeBytes(k);
        data.write(0);
        if (latin1(value)) {
            data.writeBytes(value.getBytes(StandardCharsets.ISO_8859_1));
            writeChunk(out, "tEXt", data.toByteArray());
        } else {
            data.write(0); // compression flag: uncompressed
            data.write(0); // compression method
            data.write(0); // empty language tag
            data.write(0); // empty translated keyword
            data.writeBytes(value.getBytes(StandardCharsets.UTF_8));
            writeChunk(out, "iTXt", data.toByteArray());
        }
    }

    private static boolean latin1(String s) {
        CharsetEncoder enc = StandardCharsets.ISO_8859_1.newEncoder();
        return enc.canEncode(s);
    }

    private static void writeChunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        out.writeBytes(t);
        out.writeBytes(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    /** All text chunks of a PNG, in file order. */
    public static Map<String, String> read(byte[] png) {
        checkSignature(png);
        Map<String, String> texts = new LinkedHashMap<>();
        int pos = SIGNATURE.length;
        while (pos + 12 <= png.length) {
            int len = readInt(png, pos);
            if (len < 0 || pos + 12L + len > png.length) {
                throw new IllegalArgumentException("PNG chunk at byte " + pos + " runs past the end of the file");
            }
            String type = new String(png, pos + 4, 4, StandardCharsets.ISO_8859_1);
            int start = pos + 8;
            CRC32 crc = new CRC32();
            crc.update(png, pos + 4, 4 + len);
            if ((int) crc.getValue() != readInt(png, start + len)) {
                throw new IllegalArgumentException("PNG chunk " + type + " has a bad CRC");
            }
            switch (type) {
                case "tEXt", "zTXt", "iTXt" -> readText(type, png, start, len, texts);
                default -> { }
            }
            if (type.equals("IEND")) {
                break;
            }
            pos = start + len + 4;
        }
        return texts;
    }

    private static void readText(String type, byte[] b, int start, int len, Map<String, String> texts) {
        int end = start + len;
        int nul = indexOf(b, start, end);
        if (nul < 0) {
            return;
        }
        String key = new String(b, start, nul - start, StandardCharsets.ISO_8859_1);
        int p = nul + 1;
        if (type.equals("tEXt")) {
            texts.put(key, new String(b, p, end - p, StandardCharsets.ISO_8859_1));
        } else if (type.equals("zTXt")) {
            texts.put(key, new String(inflate(b, p + 1, end - p - 1), StandardCharsets.ISO_8859_1));
        } else {
            if (p + 2 > end) {
                return;
            }
            boolean compressed = b[p] != 0;
            int lang = indexOf(b, p + 2, end);
            int tkey = lang < 0 ? -1 : indexOf(b, lang + 1, end);
            if (tkey < 0) {
                return;
            }
            byte[] value = compressed ? inflate(b, tkey + 1, end - tkey - 1)
                    : java.util.Arrays.copyOfRange(b, tkey + 1, end);
            texts.put(key, new String(value, StandardCharsets.UTF_8));
        }
    }

    private static byte[] inflate(byte[] b, int off, int len) {
        Inflater inf = new Inflater();
        try {
            inf.setInput(b, off, len);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            while (!inf.finished()) {
                int n = inf.inflate(buf);
                if (n == 0 && (inf.needsInput() || inf.needsDictionary())) {
                    break;
                }
                out.write(buf, 0, n);
                if (out.size() > MAX_INFLATED) {
                    throw new IllegalArgumentException("compressed PNG text chunk is larger than 64 MiB");
                }
            }
            return out.toByteArray();
        } catch (DataFormatException e) {
            throw new IllegalArgumentException("compressed PNG text chunk is corrupt: " + e.getMessage(), e);
        } finally {
            inf.end();
        }
    }

    private static int indexOf(byte[] b, int from, int end) {
        for (int i = from; i < end; i++) {
            if (b[i] == 0) {
                return i;
            }
        }
        return -1;
    }

    private static int readInt(byte[] b, int pos) {
        return ((b[pos] & 0xff) << 24) | ((b[pos + 1] & 0xff) << 16) | ((b[pos + 2] & 0xff) << 8) | (b[pos + 3] & 0xff);
    }

    static boolean isPng(byte[] b) {
        if (b.length < SIGNATURE.length) {
            return false;
        }
        for (int i = 0; i < SIGNATURE.length; i++) {
            if (b[i] != SIGNATURE[i]) {
                return false;
            }
        }
        return true;
    }

    private static void checkSignature(byte[] png) {
        if (!isPng(png) || png.length < SIGNATURE.length + 25) {
            throw new IllegalArgumentException("not a PNG file");
        }
    }
}
