package dev.sdwebui.model.io;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Writes a {@code .safetensors} file (the format {@link SafetensorsReader} reads): header padded with
 * spaces to a multiple of 8 so every tensor is aligned, tensors in the given order, back to back.
 * With a {@code null} filler the data area is left as a hole (the file is extended, not written), so a
 * zero-filled multi-GB checkpoint costs no disk and no time.
 */
public final class SafetensorsWriter {

    /** One tensor to write. */
    public record TensorSpec(String name, StoredDType dtype, long[] shape) {
        public TensorSpec {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(dtype, "dtype");
            shape = shape.clone();
        }

        public long numel() {
            long n = 1;
            for (long d : shape) {
                n = Math.multiplyExact(n, d);
            }
            return n;
        }

        public long bytes() {
            return Math.multiplyExact(numel(), (long) dtype.size());
        }
    }

    /** Produces a tensor's bytes (little-endian) into {@code out}, which has exactly {@code spec.bytes()} left. */
    @FunctionalInterface
    public interface Filler {
        void fill(TensorSpec spec, ByteBuffer out);
    }

    private SafetensorsWriter() {
    }

    /** Writes {@code tensors} (data from {@code filler}, or a sparse all-zero data area when it is null). */
    public static void write(Path file, List<TensorSpec> tensors, Map<String, String> metadata, Filler filler)
            throws IOException {
        byte[] header = header(tensors, metadata);
        long dataBytes = tensors.stream().mapToLong(TensorSpec::bytes).sum();
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw"); FileChannel ch = raf.getChannel()) {
            raf.setLength(0);
            ByteBuffer head = ByteBuffer.allocate(8 + header.length).order(ByteOrder.LITTLE_ENDIAN);
            head.putLong(header.length).put(header).flip();
            while (head.hasRemaining()) {
                ch.write(head);
            }
            if (filler == null) {
                raf.setLength(8 + header.length + dataBytes);
                return;
            }
            for (TensorSpec t : tensors) {
                writeTensor(ch, t, filler);
            }
        }
    }

    private static void writeTensor(FileChannel ch, TensorSpec t, Filler filler) throws IOException {
        if (t.bytes() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("tensor " + t.name() + " is above 2 GiB");
        }
        ByteBuffer buf = ByteBuffer.allocateDirect((int) t.bytes()).order(ByteOrder.LITTLE_ENDIAN);
        filler.fill(t, buf);
        buf.clear();
        while (buf.hasRemaining()) {
            ch.write(buf);
        }
    }

    static byte[] header(List<TensorSpec> tensors, Map<String, String> metadata) {
        JsonObject root = new JsonObject();
        if (!metadata.isEmpty()) {
            JsonObject meta = new JsonObject();
            metadata.forEach(meta::addProperty);
            root.add("__metadata__", meta);
        }
        long offset = 0;
        for (TensorSpec t : tensors) {
            JsonObject o = new JsonObject();
            o.addProperty("dtype", t.dtype().name());
            JsonArray shape = new JsonArray();
            for (long d : t.shape()) {
                shape.add(d);
            }
            o.add("shape", shape);
            JsonArray offs = new JsonArray();
            offs.add(offset);
            offs.add(offset + t.bytes());
            o.add("data_offsets", offs);
            root.add(t.name(), o);
            offset += t.bytes();
        }
        StringBuilder json = new StringBuilder(root.toString());
        while ((8 + json.length()) % 8 != 0) {
            json.append(' ');
        }
        byte[] b = json.toString().getBytes(StandardCharsets.UTF_8);
        return b.length % 8 == 0 ? b : pad(b);
    }

    private static byte[] pad(byte[] b) {
        byte[] out = java.util.Arrays.copyOf(b, (b.length + 7) / 8 * 8);
        java.util.Arrays.fill(out, b.length, out.length, (byte) ' ');
        return out;
    }
}
