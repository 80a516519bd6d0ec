package dev.sdwebui.model.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.Map;
import java.util.Set;

/**
 * Random access to the tensors of one {@code .safetensors} file without loading it: the header is parsed
 * (and validated) once, then any run of elements of any tensor is read and widened to {@code double}
 * (exact for every stored type up to 2^53). Lets tools such as the checkpoint merger stream a model
 * tensor by tensor, in chunks, whatever its size.
 */
public final class TensorFile implements AutoCloseable {

    private final Path file;
    private final FileChannel ch;
    private final SafetensorsReader.Header header;

    private TensorFile(Path file, FileChannel ch, SafetensorsReader.Header header) {
        this.file = file;
        this.ch = ch;
        this.header = header;
    }

    /** Opens a safetensors file; anything else is a {@link WeightsFormatException} naming the problem. */
    public static TensorFile open(Path file) throws IOException, WeightsFormatException {
        String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        if (!name.endsWith(".safetensors")) {
            throw new WeightsFormatException(file, "only .safetensors files can be streamed");
        }
        FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
        try {
            return new TensorFile(file, ch, SafetensorsReader.readHeader(file, ch));
        } catch (IOException | WeightsFormatException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    public Path path() {
        return file;
    }

    /** Tensor names, in header order. */
    public Set<String> keys() {
        return Collections.unmodifiableSet(header.entries().keySet());
    }

    public boolean contains(String key) {
        return header.entries().containsKey(key);
    }

    public StoredDType dtype(String key) {
        return entry(key).dtype();
    }

    public long[] shape(String key) {
        return entry(key).shape().clone();
    }

    /** The {@code __metadata__} strings. */
    public Map<String, String> metadata() {
        return header.metadata();
    }

    /** Reads elements {@code [from, from + count)} of {@code key} (flat, row-major) into {@code dst[0..count)}. */
    public void read(String key, long from, double[] dst, int count) throws IOException {
        SafetensorsReader.Entry e = entry(key);
        int size = e.dtype().size();
        ByteBuffer buf = ByteBuffer.allocate(Math.multiplyExact(count, size)).order(ByteOrder.LITTLE_ENDIAN);
        long pos = header.dataStart() + e.begin() + from * size;
        while (buf.hasRemaining()) {
            int r = ch.read(buf, pos + buf.position());
            if (r < 0) {
                throw new IOException(file + ": unexpected end of file in " + key);
            }
        }
        buf.flip();
        for (int i = 0; i < count; i++) {
            dst[i] = decode(e.dtype(), buf);
        }
    }

    private static double decode(StoredDType t, ByteBuffer b) {
        return switch (t) {
            case F64 -> b.getDouble();
            case F32 -> b.getFloat();
            case F16 -> HalfFloat.toFloat(b.getShort());
            case BF16 -> Float.intBitsToFloat((b.getShort() & 0xffff) << 16);
            case I64 -> b.getLong();
            case I32 -> b.getInt();
            case I16 -> b.getShort();
            case I8 -> b.get();
            case U8 -> b.get() & 0xff;
            case BOOL -> b.get() != 0 ? 1 : 0;
        };
    }

    private SafetensorsReader.Entry entry(String key) {
        SafetensorsReader.Entry e = header.entries().get(key);
        if (e == null) {
            throw new IllegalArgumentException(file + " has no tensor " + key);
        }
        return e;
    }

    @Override
    public void close() throws IOException {
        ch.close();
    }
}
