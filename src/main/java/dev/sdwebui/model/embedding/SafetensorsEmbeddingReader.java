package dev.sdwebui.model.embedding;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Minimal {@code .safetensors} reader for embedding files (small: read fully, F32/F16/BF16 to fp32).
 * Checkpoints use the mmap reader of {@code model.io}; embeddings are a few KB.
 * Format: u64 little-endian header length, JSON header {name: {dtype, shape, data_offsets}}, data.
 */
public final class SafetensorsEmbeddingReader implements EmbeddingFileReader {

    private static final long MAX_EMBEDDING_BYTES = 64L << 20;

    @Override
    public Map<String, Object> read(Path file) throws IOException {
        long size = Files.size(file);
        if (size > MAX_EMBEDDING_BYTES) {
            throw new IOException("too large for an embedding (" + size + " bytes)");
        }
        ByteBuffer buf = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        long headerLen = buf.getLong(0);
        if (headerLen <= 0 || headerLen > size - 8) {
            throw new IOException("not a safetensors file (bad header length)");
        }
        JsonNode header = new ObjectMapper().readTree(new String(buf.array(), 8, (int) headerLen,
                java.nio.charset.StandardCharsets.UTF_8));
        int dataStart = 8 + (int) headerLen;
        Map<String, Object> out = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = header.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getKey().equals("__metadata__")) {
                out.put(e.getKey(), tensor(e.getKey(), e.getValue(), buf, dataStart));
            }
        }
        return out;
    }

    private static TensorData tensor(String name, JsonNode info, ByteBuffer buf, int dataStart) throws IOException {
        String dtype = info.path("dtype").asText();
        JsonNode shapeNode = info.path("shape");
        long[] shape = new long[shapeNode.size()];
        long n = 1;
        for (int i = 0; i < shape.length; i++) {
            shape[i] = shapeNode.get(i).asLong();
            n *= shape[i];
        }
        long begin = info.path("data_offsets").path(0).asLong();
        long end = info.path("data_offsets").path(1).asLong();
        int elem = switch (dtype) {
            case "F32" -> 4;
            case "F16", "BF16" -> 2;
            default -> throw new IOException("tensor " + name + ": unsupported dtype " + dtype);
        };
        if (end - begin != n * elem || dataStart + end > buf.capacity()) {
            throw new IOException("tensor " + name + ": data offsets do not match its shape");
        }
        float[] data = new float[(int) n];
        for (int i = 0; i < n; i++) {
            int at = (int) (dataStart + begin + (long) i * elem);
            data[i] = switch (dtype) {
                case "F32" -> buf.getFloat(at);
                case "F16" -> halfToFloat(buf.getShort(at));
                default -> Float.intBitsToFloat((buf.getShort(at) & 0xFFFF) << 16);
            };
        }
        return new TensorData(shape, data);
    }

    /** IEEE 754 binary16 to float (Java 17 lacks Float.float16ToFloat). */
    static float halfToFloat(short h) {
        int bits = h & 0xFFFF;
        int sign = (bits & 0x8000) << 16;
        int exp = (bits >>> 10) & 0x1F;
        int mant = bits & 0x3FF;
        if (exp == 0x1F) {
            return Float.intBitsToFloat(sign | 0x7F800000 | (mant << 13));
        }
        if (exp == 0) {
            float v = mant / 1024f / 16384f; // subnormal: mant * 2^-24
            return sign == 0 ? v : -v;
        }
        return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
    }
}
