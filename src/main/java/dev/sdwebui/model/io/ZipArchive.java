package dev.sdwebui.model.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The central directory of a zip file, zip64 included (torch.save writes zip64 records for archives
 * and entries above 4 GiB). Ref: PKWARE APPNOTE.TXT 4.3.12 (central directory header), 4.3.14-16 (zip64
 * end of central directory record and locator), 4.5.3 (zip64 extended information extra field).
 * Only what a checkpoint needs: names, method, sizes and the offset of each entry's data.
 */
final class ZipArchive {

    private static final int EOCD_SIG = 0x06054b50;
    private static final int ZIP64_LOCATOR_SIG = 0x07064b50;
    private static final int ZIP64_EOCD_SIG = 0x06064b50;
    private static final int CENTRAL_SIG = 0x02014b50;
    private static final int LOCAL_SIG = 0x04034b50;
    private static final int MAX_COMMENT = 0xffff;
    /** Far above any checkpoint's (about 100 bytes per tensor), far below what could exhaust the heap. */
    private static final long MAX_CENTRAL_DIRECTORY = 256L * 1024 * 1024;

    /** One entry; {@code dataOffset} is the absolute file position of its (possibly compressed) bytes. */
    record Entry(String name, int method, long compressedSize, long size, long dataOffset) {
        boolean stored() {
            return method == 0;
        }
    }

    private final Map<String, Entry> entries;

    private ZipArchive(Map<String, Entry> entries) {
        this.entries = entries;
    }

    Map<String, Entry> entries() {
        return entries;
    }

    Optional<Entry> find(String name) {
        return Optional.ofNullable(entries.get(name));
    }

    static ZipArchive open(Path file, FileChannel ch) throws IOException, WeightsFormatException {
        long size = ch.size();
        int tailLen = (int) Math.min(size, 22 + MAX_COMMENT);
        ByteBuffer tail = read(ch, size - tailLen, tailLen);
        int eocd = -1;
        for (int i = tailLen - 22; i >= 0; i--) {
            if (tail.getInt(i) == EOCD_SIG) {
                eocd = i;
                break;
            }
        }
        if (eocd < 0) {
            throw new WeightsFormatException(file, "the zip archive has no end-of-central-directory record "
                    + "(the file is truncated or not a checkpoint)");
        }
        long count = tail.getShort(eocd + 10) & 0xffff;
        long cdSize = tail.getInt(eocd + 12) & 0xffffffffL;
        long cdOffset = tail.getInt(eocd + 16) & 0xffffffffL;
        long eocdPos = size - tailLen + eocd;
        if (count == 0xffff || cdSize == 0xffffffffL || cdOffset == 0xffffffffL) {
            long[] z = zip64(file, ch, eocdPos);
            count = z[0];
            cdSize = z[1];
            cdOffset = z[2];
        }
        if (count < 0 || cdOffset < 0 || cdSize < 0 || cdOffset + cdSize > eocdPos || cdSize > MAX_CENTRAL_DIRECTORY) {
            throw corrupt(file, "central directory lies outside the file");
        }
        return new ZipArchive(central(file, ch, read(ch, cdOffset, (int) cdSize), count, size));
    }

    private static long[] zip64(Path file, FileChannel ch, long eocdPos) throws IOException, WeightsFormatException {
        if (eocdPos < 20) {
            throw corrupt(file, "zip64 locator missing");
        }
        ByteBuffer loc = read(ch, eocdPos - 20, 20);
        if (loc.getInt(0) != ZIP64_LOCATOR_SIG) {
            throw corrupt(file, "zip64 locator missing");
        }
        long recPos = loc.getLong(8);
        if (recPos < 0 || recPos + 56 > eocdPos) {
            throw corrupt(file, "zip64 end record lies outside the file");
        }
        ByteBuffer rec = read(ch, recPos, 56);
        if (rec.getInt(0) != ZIP64_EOCD_SIG) {
            throw corrupt(file, "zip64 end record signature mismatch");
        }
        return new long[] {rec.getLong(32), rec.getLong(40), rec.getLong(48)};
    }

    private static Map<String, Entry> central(Path file, FileChannel ch, ByteBuffer cd, long count, long fileSize)
            throws IOException, WeightsFormatException {
        Map<String, Entry> out = new LinkedHashMap<>();
        int p = 0;
        for (long i = 0; i < count; i++) {
            if (p + 46 > cd.limit() || cd.getInt(p) != CENTRAL_SIG) {
                throw corrupt(file, "central directory entry " + i + " is damaged");
            }
            int method = cd.getShort(p + 10) & 0xffff;
            long comp = cd.getInt(p + 20) & 0xffffffffL;
            long plain = cd.getInt(p + 24) & 0xffffffffL;
            int nameLen = cd.getShort(p + 28) & 0xffff;
            int extraLen = cd.getShort(p + 30) & 0xffff;
            int commentLen = cd.getShort(p + 32) & 0xffff;
            long local = cd.getInt(p + 42) & 0xffffffffL;
            if (p + 46 + nameLen + extraLen > cd.limit()) {
                throw corrupt(file, "central directory entry " + i + " is damaged");
            }
            byte[] nameBytes = new byte[nameLen];
            cd.get(p + 46, nameBytes);
            String name = new String(nameBytes, java.nio.charset.StandardCharsets.UTF_8);
            long[] sizes = zip64Extra(cd, p + 46 + nameLen, extraLen, plain, comp, local);
            long dataOffset = localDataOffset(file, ch, sizes[2], fileSize);
            if (dataOffset + sizes[1] > fileSize) {
                throw corrupt(file, "entry " + name + " extends past the end of the file (truncated?)");
            }
            out.put(name, new Entry(name, method, sizes[1], sizes[0], dataOffset));
            p += 46 + nameLen + extraLen + commentLen;
        }
        return out;
    }

    /** Returns {uncompressed, compressed, localHeaderOffset}, replacing 0xffffffff by the zip64 values. */
    private static long[] zip64Extra(ByteBuffer cd, int start, int len, long plain, long comp, long local) {
        long[] r = {plain, comp, local};
        int q = start;
        while (q + 4 <= start + len) {
            int id = cd.getShort(q) & 0xffff;
            int sz = cd.getShort(q + 2) & 0xffff;
            if (id == 0x0001) {
                int f = q + 4;
                for (int k = 0; k < 3; k++) {
                    if (r[k] == 0xffffffffL && f + 8 <= q + 4 + sz) {
                        r[k] = cd.getLong(f);
                        f += 8;
                    }
                }
            }
            q += 4 + sz;
        }
        return r;
    }

    private static long localDataOffset(Path file, FileChannel ch, long local, long fileSize)
            throws IOException, WeightsFormatException {
        if (local < 0 || local + 30 > fileSize) {
            throw corrupt(file, "local header offset outside the file");
        }
        ByteBuffer h = read(ch, local, 30);
        if (h.getInt(0) != LOCAL_SIG) {
            throw corrupt(file, "local header signature mismatch");
        }
        return local + 30 + (h.getShort(26) & 0xffff) + (h.getShort(28) & 0xffff);
    }

    static ByteBuffer read(FileChannel ch, long pos, int len) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(len).order(ByteOrder.LITTLE_ENDIAN);
        long at = pos;
        while (b.hasRemaining()) {
            int r = ch.read(b, at);
            if (r < 0) {
                throw new IOException("unexpected end of file at " + at);
            }
            at += r;
        }
        return b.flip();
    }

    private static WeightsFormatException corrupt(Path file, String what) {
        return new WeightsFormatException(file, "corrupt zip archive: " + what);
    }
}
