package dev.sdwebui.model.io;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Validates the JSON header of a safetensors file: types, shapes, offsets, sizes. */
final class SafetensorsHeaderParser {

    private SafetensorsHeaderParser() {
    }

    static SafetensorsReader.Header parse(Path file, JsonObject root, long dataStart, long dataBytes)
            throws WeightsFormatException {
        Map<String, String> metadata = new LinkedHashMap<>();
        Map<String, SafetensorsReader.Entry> entries = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> e : root.entrySet()) {
            if (e.getKey().equals("__metadata__")) {
                metadata.putAll(metadata(file, e.getValue()));
            } else {
                entries.put(e.getKey(), entry(file, e.getKey(), e.getValue(), dataBytes));
            }
        }
        rejectOverlaps(file, entries);
        return new SafetensorsReader.Header(SafetensorsReader.sorted(entries), metadata, dataStart);
    }

    /**
     * Two tensors whose byte ranges overlap would alias each other's data (a crafted file could make a
     * patch of one weight change another): refused, as the reference safetensors library does.
     */
    private static void rejectOverlaps(Path file, Map<String, SafetensorsReader.Entry> entries)
            throws WeightsFormatException {
        java.util.List<Map.Entry<String, SafetensorsReader.Entry>> byBegin = new java.util.ArrayList<>(entries.entrySet());
        byBegin.sort(java.util.Comparator.comparingLong((Map.Entry<String, SafetensorsReader.Entry> e) -> e.getValue().begin())
                .thenComparingLong(e -> e.getValue().end()));
        for (int i = 1; i < byBegin.size(); i++) {
            var prev = byBegin.get(i - 1);
            var cur = byBegin.get(i);
            boolean empty = cur.getValue().begin() == cur.getValue().end() || prev.getValue().begin() == prev.getValue().end();
            if (!empty && cur.getValue().begin() < prev.getValue().end()) {
                throw new WeightsFormatException(file, "tensors " + prev.getKey() + " and " + cur.getKey()
                        + " overlap in the file's data (corrupt or crafted header)");
            }
        }
    }

    private static Map<String, String> metadata(Path file, JsonElement value) throws WeightsFormatException {
        if (!value.isJsonObject()) {
            throw new WeightsFormatException(file, "__metadata__ is not a JSON object");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> m : value.getAsJsonObject().entrySet()) {
            JsonElement v = m.getValue();
            // The format says string -> string; tolerate other JSON values by keeping their text.
            out.put(m.getKey(), v.isJsonPrimitive() ? v.getAsString() : v.toString());
        }
        return out;
    }

    private static SafetensorsReader.Entry entry(Path file, String name, JsonElement value, long dataBytes)
            throws WeightsFormatException {
        if (!value.isJsonObject()) {
            throw bad(file, name, "its header entry is not an object");
        }
        JsonObject o = value.getAsJsonObject();
        JsonElement dt = o.get("dtype");
        if (dt == null || !dt.isJsonPrimitive()) {
            throw bad(file, name, "no dtype");
        }
        StoredDType dtype = StoredDType.fromSafetensors(dt.getAsString())
                .orElseThrow(() -> bad(file, name, "unsupported dtype " + dt.getAsString()));
        long[] shape = longs(file, name, o.get("shape"), "shape", -1);
        long[] offsets = longs(file, name, o.get("data_offsets"), "data_offsets", 2);
        long begin = offsets[0];
        long end = offsets[1];
        if (begin > end || end > dataBytes) {
            throw bad(file, name, "data offsets [" + begin + ", " + end + "] lie outside the " + dataBytes
                    + " data bytes of the file (truncated or corrupt)");
        }
        long expected;
        try {
            long numel = 1;
            for (long d : shape) {
                numel = Math.multiplyExact(numel, d);
            }
            expected = Math.multiplyExact(numel, (long) dtype.size());
        } catch (ArithmeticException ex) {
            throw bad(file, name, "shape " + java.util.Arrays.toString(shape) + " is impossibly large");
        }
        if (expected != end - begin) {
            throw bad(file, name, "shape " + java.util.Arrays.toString(shape) + " of " + dtype + " needs " + expected
                    + " bytes but the offsets give " + (end - begin));
        }
        if (end - begin > Integer.MAX_VALUE) {
            throw bad(file, name, "a single tensor above 2 GiB is not supported");
        }
        return new SafetensorsReader.Entry(dtype, shape, begin, end);
    }

    private static long[] longs(Path file, String name, JsonElement v, String field, int expectedLength)
            throws WeightsFormatException {
        if (v == null || !v.isJsonArray()) {
            throw bad(file, name, "no " + field + " array");
        }
        JsonArray arr = v.getAsJsonArray();
        if (expectedLength >= 0 && arr.size() != expectedLength) {
            throw bad(file, name, field + " must have " + expectedLength + " entries");
        }
        long[] out = new long[arr.size()];
        for (int i = 0; i < out.length; i++) {
            JsonElement x = arr.get(i);
            try {
                out[i] = x.getAsJsonPrimitive().getAsBigDecimal().longValueExact();
            } catch (RuntimeException ex) {
                throw bad(file, name, field + " holds a non-integer " + x);
            }
            if (out[i] < 0) {
                throw bad(file, name, field + " holds a negative value " + out[i]);
            }
        }
        return out;
    }

    private static WeightsFormatException bad(Path file, String tensor, String problem) {
        return new WeightsFormatException(file, "tensor '" + tensor + "': " + problem);
    }
}
