package dev.sdwebui.model.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The allow-list of a checkpoint pickle and the Java meaning of each allowed global. Modelled on
 * A1111's {@code modules/safe.py} RestrictedUnpickler.find_class (see a1111-reference.md 9b): only what a
 * state dict needs. Where Python would call a function, we build inert Java data; nothing is executed.
 */
final class PickleGlobals {

    private static final Set<String> TORCH_DTYPES = Set.of("float32", "float", "float16", "half", "bfloat16",
            "float64", "double", "int64", "long", "int32", "int", "int16", "int8", "uint8", "bool");
    private static final Set<String> OPAQUE_ALLOWED = Set.of(
            "torch.nn.modules.container.ParameterDict",
            "pytorch_lightning.callbacks.model_checkpoint.ModelCheckpoint",
            "numpy.ndarray",
            "numpy.core.multiarray._reconstruct",
            "numpy._core.multiarray._reconstruct");

    private final Path file;
    private final boolean allowUnsafe;
    private final Map<String, Py.Storage> storages = new HashMap<>();

    PickleGlobals(Path file, boolean allowUnsafe) {
        this.file = file;
        this.allowUnsafe = allowUnsafe;
    }

    /** GLOBAL / STACK_GLOBAL: refuses the file for anything outside the allow-list (unless unsafe). */
    Py.Global resolve(String module, String name) throws WeightsFormatException {
        String q = module + "." + name;
        if (isAllowed(module, name)) {
            return new Py.Global(module, name, true);
        }
        if (allowUnsafe) {
            return new Py.Global(module, name, false);
        }
        throw WeightsFormatException.refused(file, "it references " + q + ", which is not allowed in a checkpoint;"
                + " use --disable-safe-unpickle only if you trust this file");
    }

    static boolean isAllowed(String module, String name) {
        String q = module + "." + name;
        switch (module) {
            case "collections":
                return name.equals("OrderedDict");
            case "torch._utils":
                return name.equals("_rebuild_tensor_v2") || name.equals("_rebuild_tensor")
                        || name.equals("_rebuild_parameter") || name.equals("_rebuild_parameter_with_state");
            case "torch":
                return name.equals("Size") || TORCH_DTYPES.contains(name)
                        || StoredDType.fromTorchStorage(name).isPresent();
            case "builtins":
            case "__builtin__":
                return Set.of("set", "frozenset", "dict", "list", "tuple").contains(name);
            case "_codecs":
                return name.equals("encode");
            case "numpy":
                return name.equals("dtype") || name.equals("ndarray");
            case "numpy.core.multiarray":
            case "numpy._core.multiarray":
                return name.equals("scalar") || name.equals("_reconstruct");
            default:
                return OPAQUE_ALLOWED.contains(q);
        }
    }

    /** REDUCE (and NEWOBJ): {@code callable(*args)} as inert data. */
    Object call(Object callable, Py.Tuple args) throws WeightsFormatException {
        if (!(callable instanceof Py.Global g)) {
            if (allowUnsafe) {
                return new Py.Opaque(new Py.Global("?", String.valueOf(callable), false), args.items(), new Object[1]);
            }
            throw new WeightsFormatException(file, "malformed pickle: calling a non-class value " + callable);
        }
        if (!g.allowed()) {
            return new Py.Opaque(g, args.items(), new Object[1]);
        }
        try {
            return callAllowed(g, args);
        } catch (ClassCastException | IndexOutOfBoundsException | ArithmeticException ex) {
            throw new WeightsFormatException(file, "malformed pickle: bad arguments for " + g.qualified());
        }
    }

    private Object callAllowed(Py.Global g, Py.Tuple args) throws WeightsFormatException {
        switch (g.qualified()) {
            case "collections.OrderedDict":
            case "builtins.dict":
            case "__builtin__.dict":
                return args.size() == 0 ? new LinkedHashMap<>() : pairsToMap(args.get(0));
            case "torch._utils._rebuild_tensor_v2":
            case "torch._utils._rebuild_tensor":
                return tensor(args);
            case "torch._utils._rebuild_parameter":
            case "torch._utils._rebuild_parameter_with_state":
                return args.get(0);
            case "torch.Size":
            case "builtins.tuple":
            case "__builtin__.tuple":
                return args.size() == 0 ? new Py.Tuple(List.of()) : new Py.Tuple(iterable(args.get(0)));
            case "builtins.list":
            case "__builtin__.list":
                return args.size() == 0 ? new ArrayList<>() : new ArrayList<>(iterable(args.get(0)));
            case "builtins.set", "builtins.frozenset", "__builtin__.set", "__builtin__.frozenset":
                return args.size() == 0 ? new LinkedHashSet<>() : new LinkedHashSet<>(iterable(args.get(0)));
            case "_codecs.encode":
                return ((String) args.get(0)).getBytes(args.size() > 1 && "latin1".equals(args.get(1))
                        ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
            case "numpy.dtype":
                return new Py.NumpyDType(String.valueOf(args.get(0)));
            case "numpy.core.multiarray.scalar", "numpy._core.multiarray.scalar":
                return numpyScalar(args);
            default:
                return new Py.Opaque(g, args.items(), new Object[1]);
        }
    }

    /** BUILD: store the state on placeholders, merge dict state into dicts; otherwise ignore it. */
    @SuppressWarnings("unchecked")
    Object build(Object target, Object state) {
        if (target instanceof Py.Opaque o) {
            o.state()[0] = state;
        } else if (target instanceof Map<?, ?> m && state instanceof Map<?, ?> s) {
            ((Map<Object, Object>) m).putAll(s);
        }
        return target;
    }

    /** BINPERSID: torch.save's ('storage', storage_type, key, location, numel). */
    Py.Storage persistent(Object pid) throws WeightsFormatException {
        if (!(pid instanceof Py.Tuple t) || t.size() < 5 || !"storage".equals(t.get(0))
                || !(t.get(1) instanceof Py.Global type) || !(t.get(2) instanceof String key)) {
            throw new WeightsFormatException(file, "malformed pickle: unexpected persistent id " + pid);
        }
        StoredDType dtype = "torch".equals(type.module()) ? StoredDType.fromTorchStorage(type.name()).orElse(null) : null;
        if (dtype == null) {
            throw new WeightsFormatException(file, "unsupported storage type " + type.qualified());
        }
        long numel = PickleMachine.asLong(t.get(4));
        if (numel < 0 || numel > Long.MAX_VALUE / 8) {
            throw new WeightsFormatException(file, "malformed pickle: storage of " + numel + " elements");
        }
        Py.Storage s = storages.computeIfAbsent(key, k -> new Py.Storage(dtype, k, numel));
        if (s.dtype() != dtype) {
            throw new WeightsFormatException(file, "storage " + key + " is used with two dtypes");
        }
        return s;
    }

    private Object tensor(Py.Tuple a) throws WeightsFormatException {
        if (!(a.get(0) instanceof Py.Storage storage)) {
            throw new WeightsFormatException(file, "malformed pickle: tensor without storage");
        }
        long[] size = longs(a.get(2));
        long[] stride = longs(a.get(3));
        long offset = PickleMachine.asLong(a.get(1));
        if (size.length != stride.length || offset < 0 || java.util.Arrays.stream(size).anyMatch(d -> d < 0)
                || java.util.Arrays.stream(stride).anyMatch(d -> d < 0)) {
            throw new WeightsFormatException(file, "malformed pickle: impossible tensor size/stride/offset");
        }
        Py.Tensor t = new Py.Tensor(storage, offset, size, stride);
        t.numel(); // ArithmeticException (-> malformed pickle) on overflow
        StridedView.span(t);
        return t;
    }

    private static long[] longs(Object tupleOrList) {
        List<Object> items = iterable(tupleOrList);
        long[] out = new long[items.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = PickleMachine.asLong(items.get(i));
        }
        return out;
    }

    private static List<Object> iterable(Object o) {
        if (o instanceof Py.Tuple t) {
            return t.items();
        }
        if (o instanceof Collection<?> c) {
            return new ArrayList<>(c);
        }
        throw new ClassCastException("not iterable: " + o);
    }

    private static Map<Object, Object> pairsToMap(Object pairs) {
        Map<Object, Object> m = new LinkedHashMap<>();
        if (pairs instanceof Map<?, ?> src) {
            m.putAll(src);
            return m;
        }
        for (Object p : iterable(pairs)) {
            List<Object> kv = iterable(p);
            m.put(kv.get(0), kv.get(1));
        }
        return m;
    }

    // numpy.core.multiarray.scalar(dtype, raw_bytes): numbers saved by training loops (epoch, loss...).
    private static Object numpyScalar(Py.Tuple a) {
        if (!(a.get(0) instanceof Py.NumpyDType dt) || !(a.get(1) instanceof byte[] raw)) {
            return new Py.Opaque(new Py.Global("numpy", "scalar", true), a.items(), new Object[1]);
        }
        ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        String d = dt.descr().replace("<", "").replace("=", "");
        switch (d) {
            case "f8": return raw.length == 8 ? (Object) b.getDouble() : dt;
            case "f4": return raw.length == 4 ? (Object) (double) b.getFloat() : dt;
            case "i8": case "u8": return raw.length == 8 ? (Object) b.getLong() : dt;
            case "i4": return raw.length == 4 ? (Object) (long) b.getInt() : dt;
            case "b1": case "?": return raw.length == 1 ? (Object) (raw[0] != 0) : dt;
            default: return new Py.Opaque(new Py.Global("numpy", "scalar", true), a.items(), new Object[1]);
        }
    }
}
