package dev.sdwebui.model.io;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Reads PyTorch zip checkpoints (torch.save since 1.6): {@code <root>/data.pkl} is unpickled by the
 * restricted {@link PickleMachine}; each tensor's storage is {@code <root>/data/<key>}, which torch.save
 * writes uncompressed and 64-byte aligned, so a tensor is a zero-copy mapping of its slice of the entry
 * (offset = storage_offset * element size). Ref: torch/serialization.py {@code _save}, {@code _load}.
 *
 * <p>The top-level object may be the state dict itself or {@code {'state_dict': {...}, ...}} (Lightning
 * checkpoints); other top-level entries (global_step, optimizer state...) are ignored.
 */
final class CkptReader {

    private CkptReader() {
    }

    static StateDict read(Path file, FileChannel ch, NDManager parent, ReadOptions options)
            throws WeightsFormatException, IOException {
        Parsed parsed = parse(file, ch, options);
        ZipArchive zip = parsed.zip();
        String root = parsed.root();
        Map<String, Py.Tensor> refs = parsed.tensors();
        NDManager manager = parent.newSubManager();
        try {
            Map<String, ParallelReads.Task> tasks = new LinkedHashMap<>();
            refs.forEach((name, t) -> tasks.put(name, new ParallelReads.Task(t.numel() * t.storage().dtype().size(), f -> {
                try {
                    return materialize(file, ch, zip, root, name, t, f);
                } catch (ArithmeticException | IllegalArgumentException | IndexOutOfBoundsException ex) {
                    throw new WeightsFormatException(file, "tensor '" + name + "' has a corrupt layout ("
                            + ex.getMessage() + ")");
                }
            })));
            Map<String, NDArray> out = ParallelReads.run(tasks,
                    () -> new TensorFactory(manager, options.upcastToFloat32()), options.threads());
            return StateDict.owning(manager, out, Map.of());
        } catch (IOException | WeightsFormatException | RuntimeException ex) {
            manager.close();
            throw ex;
        }
    }

    /** The archive, its root folder ("archive/") and the tensors the pickle describes (no data read). */
    record Parsed(ZipArchive zip, String root, Map<String, Py.Tensor> tensors) {
    }

    static Parsed parse(Path file, FileChannel ch, ReadOptions options) throws WeightsFormatException, IOException {
        Unpickled u = unpickle(file, ch, options);
        return new Parsed(u.zip(), u.root(), tensors(file, u.top()));
    }

    /** The archive, its root folder and the whole unpickled object (tensors as {@link Py.Tensor} refs). */
    record Unpickled(ZipArchive zip, String root, Object top) {
    }

    /** Runs the restricted {@link PickleMachine} over {@code <root>/data.pkl}; reads no tensor data. */
    static Unpickled unpickle(Path file, FileChannel ch, ReadOptions options) throws WeightsFormatException, IOException {
        ZipArchive zip = ZipArchive.open(file, ch);
        ZipArchive.Entry pkl = dataPkl(file, zip);
        String root = pkl.name().substring(0, pkl.name().length() - "data.pkl".length());
        checkByteOrder(file, ch, zip, root);
        PickleGlobals globals = new PickleGlobals(file, options.allowUnsafePickle());
        Object top = new PickleMachine(file, globals, entryBytes(file, ch, pkl)).load();
        return new Unpickled(zip, root, top);
    }

    private static ZipArchive.Entry dataPkl(Path file, ZipArchive zip) throws WeightsFormatException {
        List<ZipArchive.Entry> pkls = zip.entries().values().stream()
                .filter(e -> e.name().endsWith("/data.pkl") && e.name().indexOf('/') == e.name().length() - 9)
                .collect(Collectors.toList());
        if (pkls.size() != 1) {
            throw new WeightsFormatException(file, "not a PyTorch checkpoint: expected exactly one <name>/data.pkl in "
                    + "the zip archive, found " + pkls.size());
        }
        return pkls.get(0);
    }

    private static void checkByteOrder(Path file, FileChannel ch, ZipArchive zip, String root)
            throws WeightsFormatException, IOException {
        var bo = zip.find(root + "byteorder");
        if (bo.isPresent()) {
            ByteBuffer b = entryBytes(file, ch, bo.get());
            String order = java.nio.charset.StandardCharsets.US_ASCII.decode(b).toString().trim();
            if (!order.equals("little")) {
                throw new WeightsFormatException(file, "the checkpoint was saved on a " + order
                        + "-endian machine, which is not supported");
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Py.Tensor> tensors(Path file, Object top) throws WeightsFormatException {
        if (!(top instanceof Map<?, ?> map)) {
            throw new WeightsFormatException(file, "the checkpoint does not hold a dictionary of tensors");
        }
        Object inner = map.get("state_dict");
        Map<Object, Object> dict = inner instanceof Map<?, ?> m ? (Map<Object, Object>) m : (Map<Object, Object>) map;
        Map<String, Py.Tensor> out = new LinkedHashMap<>();
        dict.forEach((k, v) -> {
            if (k instanceof String key && v instanceof Py.Tensor t) {
                out.put(key, t);
            }
        });
        if (out.isEmpty()) {
            throw new WeightsFormatException(file, "the checkpoint holds no tensors (top-level keys: "
                    + map.keySet().stream().limit(10).map(String::valueOf).collect(Collectors.joining(", ")) + ")");
        }
        return out;
    }

    private static NDArray materialize(Path file, FileChannel ch, ZipArchive zip, String root, String name,
                                       Py.Tensor t, TensorFactory factory) throws WeightsFormatException, IOException {
        ZipArchive.Entry entry = storageEntry(file, zip, root, name, t);
        int es = t.storage().dtype().size();
        if (t.contiguous() && entry.stored()) {
            long pos = entry.dataOffset() + t.offset() * es;
            long bytes = t.numel() * es;
            if (bytes > Integer.MAX_VALUE) {
                throw new WeightsFormatException(file, "tensor '" + name + "': a single tensor above 2 GiB is not supported");
            }
            return factory.read(ch, pos, bytes, t.size(), t.storage().dtype());
        }
        // Rare: a compressed entry or a non-contiguous view (a saved transpose). Gather in Java.
        return factory.create(gather(file, ch, entry, t), t.size(), t.storage().dtype(), true);
    }

    /** The zip entry of {@code t}'s storage, checked to hold the storage and the view to stay inside it. */
    static ZipArchive.Entry storageEntry(Path file, ZipArchive zip, String root, String name, Py.Tensor t)
            throws WeightsFormatException {
        Py.Storage s = t.storage();
        ZipArchive.Entry entry = zip.find(root + "data/" + s.key()).orElseThrow(() ->
                new WeightsFormatException(file, "tensor '" + name + "': storage data/" + s.key() + " is missing"));
        long storageBytes = Math.multiplyExact(s.numel(), (long) s.dtype().size());
        if (entry.size() < storageBytes) {
            throw new WeightsFormatException(file, "tensor '" + name + "': storage data/" + s.key() + " has "
                    + entry.size() + " bytes, " + storageBytes + " expected (truncated?)");
        }
        long[] span = StridedView.span(t);
        if (t.numel() > 0 && (t.offset() < 0 || span[1] > s.numel())) {
            throw new WeightsFormatException(file, "tensor '" + name + "' reaches outside its storage");
        }
        return entry;
    }

    /** {@code t}'s elements in row-major order, stored dtype, little-endian (entry from {@link #storageEntry}). */
    static ByteBuffer gather(Path file, FileChannel ch, ZipArchive.Entry entry, Py.Tensor t)
            throws WeightsFormatException, IOException {
        int es = t.storage().dtype().size();
        ByteBuffer storage = entry.stored()
                ? ch.map(FileChannel.MapMode.READ_ONLY, entry.dataOffset(), t.storage().numel() * es)
                : entryBytes(file, ch, entry);
        return StridedView.gather(storage, t, es);
    }

    static ByteBuffer entryBytes(Path file, FileChannel ch, ZipArchive.Entry e) throws IOException, WeightsFormatException {
        if (e.compressedSize() > Integer.MAX_VALUE || e.size() > Integer.MAX_VALUE) {
            throw new WeightsFormatException(file, "zip entry " + e.name() + " is too large");
        }
        ByteBuffer raw = ZipArchive.read(ch, e.dataOffset(), (int) e.compressedSize());
        if (e.stored()) {
            return raw;
        }
        if (e.method() != 8) {
            throw new WeightsFormatException(file, "zip entry " + e.name() + " uses unsupported compression " + e.method());
        }
        Inflater inf = new Inflater(true);
        try {
            inf.setInput(raw);
            ByteBuffer out = ByteBuffer.allocate((int) e.size()).order(ByteOrder.LITTLE_ENDIAN);
            while (out.hasRemaining() && !inf.finished()) {
                if (inf.inflate(out) == 0 && (inf.needsInput() || inf.needsDictionary())) {
                    throw new WeightsFormatException(file, "zip entry " + e.name() + " is truncated");
                }
            }
            return out.flip();
        } catch (DataFormatException ex) {
            throw new WeightsFormatException(file, "zip entry " + e.name() + " is corrupt: " + ex.getMessage());
        } finally {
            inf.end();
        }
    }
}
