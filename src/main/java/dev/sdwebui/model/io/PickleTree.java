package dev.sdwebui.model.io;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns what {@link PickleMachine} produced for a torch.save archive into public, inert Java data for
 * {@link WeightsReader#readObject}: tensors become {@link PickledTensor} (data read from the archive),
 * tuples unmodifiable lists, placeholders {@link PickledObject}. Shared and cyclic containers stay shared
 * (an identity memo, like the pickle memo); one instance per file.
 */
final class PickleTree {

    /** Far deeper than any torch.save payload; stops a hostile nesting before the Java stack does. */
    private static final int MAX_DEPTH = 100;

    private final Path file;
    private final FileChannel ch;
    private final CkptReader.Unpickled src;
    private final Map<Object, Object> done = new IdentityHashMap<>();
    /** Dict keys from the top down to the value being converted, for error messages. */
    private final List<String> path = new ArrayList<>();
    private long budget;

    private PickleTree(Path file, FileChannel ch, CkptReader.Unpickled src, long maxTensorBytes) {
        this.file = file;
        this.ch = ch;
        this.src = src;
        this.budget = maxTensorBytes;
    }

    static Object read(Path file, FileChannel ch, ReadOptions options, long maxTensorBytes)
            throws WeightsFormatException, IOException {
        CkptReader.Unpickled u = CkptReader.unpickle(file, ch, options);
        return new PickleTree(file, ch, u, maxTensorBytes).value(u.top(), 0);
    }

    private Object value(Object o, int depth) throws WeightsFormatException, IOException {
        if (o == null || o instanceof String || o instanceof Long || o instanceof BigInteger
                || o instanceof Double || o instanceof Boolean) {
            return o;
        }
        if (depth > MAX_DEPTH) {
            throw new WeightsFormatException(file, "the pickled object is nested more than " + MAX_DEPTH + " levels deep");
        }
        Object seen = done.get(o);
        if (seen != null) {
            return seen;
        }
        Object out = convert(o, depth + 1);
        done.put(o, out);
        return out;
    }

    @SuppressWarnings("unchecked")
    private Object convert(Object o, int depth) throws WeightsFormatException, IOException {
        if (o instanceof Map<?, ?> m) {
            Map<Object, Object> out = new LinkedHashMap<>();
            done.put(o, out); // before the children: a dict that contains itself stays a cycle
            for (Map.Entry<?, ?> e : m.entrySet()) {
                Object key = value(e.getKey(), depth);
                path.add(String.valueOf(key));
                out.put(key, value(e.getValue(), depth));
                path.remove(path.size() - 1);
            }
            return out;
        }
        if (o instanceof List<?> || o instanceof Py.Tuple) {
            List<Object> out = new ArrayList<>();
            List<Object> view = o instanceof Py.Tuple ? Collections.unmodifiableList(out) : out;
            done.put(o, view);
            for (Object item : o instanceof Py.Tuple t ? t.items() : (List<Object>) o) {
                out.add(value(item, depth));
            }
            return view;
        }
        if (o instanceof Set<?> s) {
            Set<Object> out = new LinkedHashSet<>();
            done.put(o, out);
            for (Object item : s) {
                out.add(value(item, depth));
            }
            return out;
        }
        return leaf(o, depth);
    }

    private Object leaf(Object o, int depth) throws WeightsFormatException, IOException {
        if (o instanceof Py.Tensor t) {
            return tensor(t);
        }
        if (o instanceof Py.Storage s) { // a bare storage: its elements as a flat tensor
            return tensor(new Py.Tensor(s, 0, new long[] {s.numel()}, new long[] {1}));
        }
        if (o instanceof Py.Opaque op) {
            return new PickledObject(op.type().qualified(), (List<Object>) value(new Py.Tuple(op.args()), depth),
                    value(op.state()[0], depth));
        }
        if (o instanceof Py.Global g) {
            return new PickledObject(g.qualified(), List.of(), null);
        }
        if (o instanceof Py.NumpyDType d) {
            return new PickledObject("numpy.dtype", List.of(d.descr()), null);
        }
        if (o instanceof byte[] b) {
            return b.clone();
        }
        return String.valueOf(o); // not produced by PickleMachine today; never leak an internal type
    }

    private PickledTensor tensor(Py.Tensor t) throws WeightsFormatException, IOException {
        String name = path.isEmpty() ? "(top level)" : String.join(".", path);
        try {
            ZipArchive.Entry entry = CkptReader.storageEntry(file, src.zip(), src.root(), name, t);
            long out = Math.multiplyExact(t.numel(), (long) Math.max(Float.BYTES, t.storage().dtype().size()));
            long read = entry.stored() ? 0 : entry.size();
            if (out + read > budget) {
                throw new WeightsFormatException(file, "tensor '" + name + "' " + Arrays.toString(t.size())
                        + " goes past the size limit for this kind of file");
            }
            budget -= out;
            ByteBuffer raw = CkptReader.gather(file, ch, entry, t).order(ByteOrder.LITTLE_ENDIAN);
            return new PickledTensor(t.storage().dtype(), t.size(), floats(raw, t.storage().dtype(), (int) t.numel()));
        } catch (ArithmeticException | IllegalArgumentException | IndexOutOfBoundsException ex) {
            throw new WeightsFormatException(file, "tensor '" + name + "' has a corrupt layout (" + ex.getMessage() + ")");
        }
    }

    private static float[] floats(ByteBuffer b, StoredDType type, int n) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = switch (type) {
                case F64 -> (float) b.getDouble(i * 8);
                case F32 -> b.getFloat(i * 4);
                case F16 -> HalfFloat.toFloat(b.getShort(i * 2));
                case BF16 -> Float.intBitsToFloat((b.getShort(i * 2) & 0xffff) << 16); // bf16 = top half of fp32
                case I64 -> b.getLong(i * 8);
                case I32 -> b.getInt(i * 4);
                case I16 -> b.getShort(i * 2);
                case I8 -> b.get(i);
                case U8 -> b.get(i) & 0xff;
                case BOOL -> b.get(i) != 0 ? 1f : 0f;
            };
        }
        return out;
    }
}
