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
 * Random access to the tensors of one {@code .safetensors} or torch.save {@code .ckpt} file without loading
 * it: the header (or the pickle, through the same restricted unpickler as {@link WeightsReader}) is parsed
 * once, then any run of elements of any tensor is read and widened to {@code double} (exact for every
 * stored type up to 2^53). Lets tools such as the checkpoint merger stream a model tensor by tensor, in
 * chunks, whatever its size. A .ckpt tensor stored compressed or as a strided view is gathered whole
 * when first read (rare; the last one is kept).
 */
public final class TensorFile implements AutoCloseable {

    /** Where a tensor's row-major bytes are: at {@code pos} in the file, or to be gathered from a ckpt view. */
    private record Loc(StoredDType dtype, long[] shape, long pos, Py.Tensor view, ZipArchive.Entry entry) {
    }

    private final Path file;
    private final FileChannel ch;
    private final Map<String, Loc> entries;
    private final Map<String, String> metadata;
    private String gatheredKey;
    private ByteBuffer gathered;

    private TensorFile(Path file, FileChannel ch, Map<String, Loc> entries, Map<String, String> metadata) {
        this.file = file;
        this.ch = ch;
        this.entries = entries;
        this.metadata = metadata;
    }

    /** Opens a safetensors or .ckpt file; a corrupt or unsafe file is a {@link WeightsFormatException}. */
    public static TensorFile open(Path file) throws IOException, WeightsFormatException {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
        try {
            Map<String, Loc> locs = new java.util.LinkedHashMap<>();
            if (WeightsReader.isZip(file, ch)) {
                CkptReader.Parsed p = CkptReader.parse(file, ch, ReadOptions.raw());
                for (Map.Entry<String, Py.Tensor> e : p.tensors().entrySet()) {
                    Py.Tensor t = e.getValue();
                    ZipArchive.Entry z = CkptReader.storageEntry(file, p.zip(), p.root(), e.getKey(), t);
                    StoredDType dt = t.storage().dtype();
                    long pos = t.contiguous() && z.stored() ? z.dataOffset() + t.offset() * dt.size() : -1;
                    locs.put(e.getKey(), new Loc(dt, t.size().clone(), pos, t, z));
                }
                return new TensorFile(file, ch, locs, Map.of());
            }
            SafetensorsReader.Header h = SafetensorsReader.readHeader(file, ch);
            h.entries().forEach((k, e) -> locs.put(k, new Loc(e.dtype(), e.shape(), h.dataStart() + e.begin(), null, null)));
            return new TensorFile(file, ch, locs, h.metadata());
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
        return Collections.unmodifiableSet(entries.keySet());
    }

    public boolean contains(String key) {
        return entries.containsKey(key);
    }

    public StoredDType dtype(String key) {
        return entry(key).dtype();
    }

    public long[] shape(String key) {
        return entry(key).shape().clone();
    }

    /** The safetensors {@code __metadata__} strings (none for a .ckpt). */
    public Map<String, String> metadata() {
        return metadata;
    }

    /** Reads elements {@code [from, from + count)} of {@code key} (flat, row-major) into {@code dst[0..count)}. */
    public void read(String key, long from, double[] dst, int count) throws IOException {
        Loc e = entry(key);
        int size = e.dtype().size();
        if (e.pos() < 0) {
            ByteBuffer g = gathered(key, e).duplicate().order(ByteOrder.LITTLE_ENDIAN);
            g.position(Math.toIntExact(from * size));
            for (int i = 0; i < count; i++) {
                dst[i] = decode(e.dtype(), g);
            }
            return;
        }
        ByteBuffer buf = ByteBuffer.allocate(Math.multiplyExact(count, size)).order(ByteOrder.LITTLE_ENDIAN);
        long pos = e.pos() + from * size;
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

    private ByteBuffer gathered(String key, Loc e) throws IOException {
        if (!key.equals(gatheredKey)) {
            try {
                gathered = CkptReader.gather(file, ch, e.entry(), e.view());
            } catch (WeightsFormatException ex) {
                throw new IOException(ex.getMessage(), ex);
            }
            gatheredKey = key;
        }
        return gathered;
    }

    private Loc entry(String key) {
        Loc e = entries.get(key);
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
