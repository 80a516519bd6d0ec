package dev.sdwebui.testsupport;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Minimal reader of NumPy {@code .npy} files (format 1.0/2.0, little-endian, C order) for the
 * parity tests against {@code ../shared/reference}. Supports {@code <f4}, {@code <f8}, {@code <i8},
 * {@code <i4}.
 */
public record Npy(String dtype, long[] shape, ByteBuffer data) {

    private static final Pattern DESCR = Pattern.compile("'descr':\\s*'([^']+)'");
    private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\(([^)]*)\\)");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order':\\s*(True|False)");

    public static Npy read(Path file) {
        try {
            byte[] all = Files.readAllBytes(file);
            ByteBuffer buf = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
            if (all[0] != (byte) 0x93 || all[1] != 'N') {
                throw new IllegalArgumentException("not an npy file: " + file);
            }
            int major = all[6];
            int headerLen = major == 1 ? Short.toUnsignedInt(buf.getShort(8)) : buf.getInt(8);
            int headerStart = major == 1 ? 10 : 12;
            String header = new String(all, headerStart, headerLen, StandardCharsets.ISO_8859_1);
            Matcher d = DESCR.matcher(header);
            Matcher s = SHAPE.matcher(header);
            Matcher f = FORTRAN.matcher(header);
            if (!d.find() || !s.find() || !f.find()) {
                throw new IllegalArgumentException("bad npy header: " + header);
            }
            if (f.group(1).equals("True")) {
                throw new IllegalArgumentException("fortran order not supported: " + file);
            }
            long[] shape = Arrays.stream(s.group(1).split(","))
                    .map(String::trim).filter(x -> !x.isEmpty()).mapToLong(Long::parseLong).toArray();
            ByteBuffer data = ByteBuffer.wrap(all, headerStart + headerLen, all.length - headerStart - headerLen)
                    .slice().order(ByteOrder.LITTLE_ENDIAN);
            return new Npy(d.group(1), shape, data);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file, e);
        }
    }

    public long size() {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }

    public float[] floats() {
        int n = Math.toIntExact(size());
        float[] out = new float[n];
        switch (dtype) {
            case "<f4" -> data.duplicate().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
            case "<f8" -> {
                var db = data.duplicate().order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer();
                for (int i = 0; i < n; i++) {
                    out[i] = (float) db.get(i);
                }
            }
            default -> throw new IllegalStateException("not a float array: " + dtype);
        }
        return out;
    }

    public long[] longs() {
        int n = Math.toIntExact(size());
        long[] out = new long[n];
        switch (dtype) {
            case "<i8" -> data.duplicate().order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(out);
            case "<i4" -> {
                var ib = data.duplicate().order(ByteOrder.LITTLE_ENDIAN).asIntBuffer();
                for (int i = 0; i < n; i++) {
                    out[i] = ib.get(i);
                }
            }
            default -> throw new IllegalStateException("not an integer array: " + dtype);
        }
        return out;
    }
}
