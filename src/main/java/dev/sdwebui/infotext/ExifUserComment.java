package dev.sdwebui.infotext;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The EXIF UserComment that A1111 writes into JPEG (and WEBP) files.
 * Ref: modules/images.py save_image_with_geninfo: {@code piexif.dump({"Exif": {UserComment:
 * piexif.helper.UserComment.dump(text, encoding="unicode")}})} then {@code piexif.insert}:
 * the comment is {@code b"UNICODE\0"} + UTF-16BE; the APP1 "Exif" segment replaces the JFIF APP0
 * segment right after SOI (piexif merge_segments). Reading follows images.read_info_from_image:
 * UserComment.load, or a lenient UTF-8 decode when its prefix is unknown.
 */
public final class ExifUserComment {

    private static final byte[] UNICODE = "UNICODE\0".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ASCII = "ASCII\0\0\0".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] JIS = "JIS\0\0\0\0\0".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EXIF_HEADER = "Exif\0\0".getBytes(StandardCharsets.US_ASCII);
    private static final int TAG_EXIF_IFD = 0x8769;
    private static final int TAG_USER_COMMENT = 0x9286;

    private ExifUserComment() {
    }

    /** A JPEG with the comment in a new APP1 Exif segment (any existing APP0/Exif APP1 is replaced). */
    public static byte[] insert(byte[] jpeg, String comment) {
        checkJpeg(jpeg);
        byte[] app1 = app1Segment(comment);
        int pos = 2;
        // piexif: drop a leading JFIF APP0 and an Exif APP1, put ours first.
        while (pos + 4 <= jpeg.length && (jpeg[pos] & 0xff) == 0xff) {
            int marker = jpeg[pos + 1] & 0xff;
            int len = ((jpeg[pos + 2] & 0xff) << 8) | (jpeg[pos + 3] & 0xff);
            boolean isApp0 = marker == 0xe0;
            boolean isExif = marker == 0xe1 && startsWith(jpeg, pos + 4, EXIF_HEADER);
            if (!isApp0 && !isExif) {
                break;
            }
            pos += 2 + len;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(jpeg.length + app1.length);
        out.write(jpeg, 0, 2);
        out.writeBytes(app1);
        out.write(jpeg, pos, jpeg.length - pos);
        return out.toByteArray();
    }

    private static byte[] app1Segment(String comment) {
        byte[] text = comment.getBytes(StandardCharsets.UTF_16BE);
        int count = UNICODE.length + text.length;
        // TIFF, big-endian, laid out byte for byte as piexif.dump: header(8) + IFD0(2+12+4) +
        // Exif IFD(2+12, piexif writes no next-IFD pointer there) + the comment bytes.
        int exifIfd = 8 + 18;
        int dataOff = exifIfd + 14;
        ByteBuffer t = ByteBuffer.allocate(dataOff + count).order(ByteOrder.BIG_ENDIAN);
        t.put(new byte[] {'M', 'M', 0, 42}).putInt(8);
        t.putShort((short) 1).putShort((short) TAG_EXIF_IFD).putShort((short) 4).putInt(1).putInt(exifIfd).putInt(0);
        t.putShort((short) 1).putShort((short) TAG_USER_COMMENT).putShort((short) 7).putInt(count).putInt(dataOff);
        t.put(UNICODE).put(text);
        int segLen = 2 + EXIF_HEADER.length + t.capacity();
        if (segLen > 0xffff) {
            throw new IllegalArgumentException("infotext too long for a JPEG EXIF segment (" + comment.length()
                    + " characters; at most about 32700 fit); save as PNG instead");
        }
        ByteArrayOutputStream seg = new ByteArrayOutputStream(segLen + 2);
        seg.write(0xff);
        seg.write(0xe1);
        seg.write(segLen >> 8);
        seg.write(segLen & 0xff);
        seg.writeBytes(EXIF_HEADER);
        seg.writeBytes(t.array());
        return seg.toByteArray();
    }

    /** The decoded UserComment of a JPEG, or null when there is none. */
    public static String read(byte[] jpeg) {
        checkJpeg(jpeg);
        int pos = 2;
        while (pos + 4 <= jpeg.length && (jpeg[pos] & 0xff) == 0xff) {
            int marker = jpeg[pos + 1] & 0xff;
            if (marker == 0xda || marker == 0xd9) {
                break; // start of scan: no more metadata segments
            }
            int len = ((jpeg[pos + 2] & 0xff) << 8) | (jpeg[pos + 3] & 0xff);
            if (marker == 0xe1 && startsWith(jpeg, pos + 4, EXIF_HEADER)) {
                int tiff = pos + 4 + EXIF_HEADER.length;
                int end = Math.min(jpeg.length, pos + 2 + len);
                byte[] raw = userComment(ByteBuffer.wrap(Arrays.copyOfRange(jpeg, tiff, end)));
                return raw == null ? null : decode(raw);
            }
            pos += 2 + len;
        }
        return null;
    }

    private static byte[] userComment(ByteBuffer t) {
        if (t.remaining() < 8) {
            return null;
        }
        t.order(t.get(0) == 'I' ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
        int ifd0Entry = findEntry(t, t.getInt(4), TAG_EXIF_IFD);
        if (ifd0Entry < 0) {
            return null;
        }
        int entry = findEntry(t, t.getInt(ifd0Entry + 8), TAG_USER_COMMENT);
        if (entry < 0) {
            return null;
        }
        int count = t.getInt(entry + 4);
        int off = count <= 4 ? entry + 8 : t.getInt(entry + 8);
        if (count < 0 || off < 0 || off + count > t.limit()) {
            return null;
        }
        byte[] b = new byte[count];
        t.get(off, b);
        return b;
    }

    /** Byte offset of the 12-byte IFD entry with this tag, or -1. */
    private static int findEntry(ByteBuffer t, int ifd, int tag) {
        if (ifd < 0 || ifd + 2 > t.limit()) {
            return -1;
        }
        int n = Short.toUnsignedInt(t.getShort(ifd));
        for (int i = 0; i < n; i++) {
            int e = ifd + 2 + 12 * i;
            if (e + 12 > t.limit()) {
                return -1;
            }
            if (Short.toUnsignedInt(t.getShort(e)) == tag) {
                return e;
            }
        }
        return -1;
    }

    /** piexif.helper.UserComment.load, falling back to a lenient UTF-8 decode as A1111 does. */
    static String decode(byte[] raw) {
        if (raw.length >= 8) {
            byte[] prefix = Arrays.copyOf(raw, 8);
            Charset cs = Arrays.equals(prefix, UNICODE) ? StandardCharsets.UTF_16BE
                    : Arrays.equals(prefix, ASCII) ? StandardCharsets.US_ASCII
                    : Arrays.equals(prefix, JIS) ? Charset.forName("Shift_JIS") : null;
            if (cs != null) {
                return new String(raw, 8, raw.length - 8, cs);
            }
        }
        return new String(raw, StandardCharsets.UTF_8).replace("\uFFFD", "");
    }

    private static boolean startsWith(byte[] b, int off, byte[] prefix) {
        if (off + prefix.length > b.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (b[off + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    static boolean isJpeg(byte[] b) {
        return b.length >= 3 && (b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xd8;
    }

    private static void checkJpeg(byte[] b) {
        if (!isJpeg(b)) {
            throw new IllegalArgumentException("not a JPEG file");
        }
    }
}
