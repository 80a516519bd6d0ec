package dev.sdwebui.model.io;

import java.util.Arrays;
import java.util.List;

/**
 * Values produced by {@link PickleMachine}. Python values map to plain Java where possible (None ->
 * null, int -> Long/BigInteger, float -> Double, str -> String, bytes -> byte[], list -> ArrayList,
 * dict -> LinkedHashMap, set -> LinkedHashSet); the records below cover the rest. All of them are
 * inert data: nothing a pickle says is ever executed.
 */
final class Py {

    private Py() {
    }

    /** A Python tuple (immutable, usable as a dict key). */
    record Tuple(List<Object> items) {
        Tuple {
            items = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(items));
        }

        Object get(int i) {
            return items.get(i);
        }

        int size() {
            return items.size();
        }
    }

    /** A reference to {@code module.name} that passed (or, with unsafe unpickling, skipped) the allow-list. */
    record Global(String module, String name, boolean allowed) {
        String qualified() {
            return module + "." + name;
        }
    }

    /** An object we do not model: the result of calling a placeholder or a harmless container class. */
    record Opaque(Global type, List<Object> args, Object[] state) {
        @Override
        public String toString() {
            return "<" + type.qualified() + " placeholder>";
        }
    }

    /** A torch storage named by a persistent id: ('storage', type, key, location, numel). */
    record Storage(StoredDType dtype, String key, long numel) {
    }

    /** The result of torch._utils._rebuild_tensor_v2: a view into a storage. */
    record Tensor(Storage storage, long offset, long[] size, long[] stride) {
        long numel() {
            long n = 1;
            for (long d : size) {
                n = Math.multiplyExact(n, d);
            }
            return n;
        }

        boolean contiguous() {
            long expected = 1;
            for (int i = size.length - 1; i >= 0; i--) {
                if (size[i] != 1 && stride[i] != expected) {
                    return false;
                }
                expected *= size[i];
            }
            return true;
        }

        @Override
        public String toString() {
            return "Tensor" + Arrays.toString(size) + storage.dtype();
        }
    }

    /** A numpy dtype, only its descriptor string ("f8", "i8", ...) and byte order. */
    record NumpyDType(String descr) {
    }
}
