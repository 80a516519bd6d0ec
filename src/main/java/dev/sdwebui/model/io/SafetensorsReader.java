package dev.sdwebui.model.io;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads a {@code .safetensors} file: 8-byte little-endian header length N, N bytes of JSON
 * ({@code name -> {dtype, shape, data_offsets: [begin, end]}} plus an optional {@code __metadata__}
 * string map), then the raw data. Ref: huggingface/safetensors docs, "Format".
 *
 * <p>Every tensor gets its own read-only mapping (so files and tensors beyond 2 GiB in total are fine;
 * a single tensor is limited to 2 GiB by {@code FileChannel.map}) and becomes a zero-copy NDArray.
 * Everything the header claims is validated against the file before any mapping is created, so a
 * corrupt file is an exception, never a JVM crash.
 */
final class SafetensorsReader {

    /** The reference implementation refuses headers above 100 MB; so do we. */
    static final long MAX_HEADER = 100L * 1024 * 1024;

    private SafetensorsReader() {
    }

    static StateDict read(Path file, FileChannel ch, NDManager parent, ReadOptions options)
            throws WeightsFormatException, IOException {
        Header header = readHeader(file, ch);
        NDManager manager = parent.newSubManager();
        try {
            Map<String, ParallelReads.Task> tasks = new LinkedHashMap<>();
            header.entries().forEach((name, t) -> {
                long pos = header.dataStart() + t.begin();
                tasks.put(name, new ParallelReads.Task(t.length(), f -> f.read(ch, pos, t.length(), t.shape(), t.dtype())));
            });
            Map<String, NDArray> tensors = ParallelReads.run(tasks,
                    () -> new TensorFactory(manager, options.upcastToFloat32()), options.threads());
            return StateDict.owning(manager, tensors, header.metadata());
        } catch (IOException | RuntimeException ex) {
            manager.close();
            throw ex;
        }
    }

    record Entry(StoredDType dtype, long[] shape, long begin, long end) {
        long length() {
            return end - begin;
        }
    }

    record Header(Map<String, Entry> entries, Map<String, String> metadata, long dataStart) {
    }

    /** Parses and validates the header against the file size; maps nothing. */
    static Header readHeader(Path file, FileChannel ch) throws WeightsFormatException, IOException {
        long size = ch.size();
        if (size < 8) {
            throw new WeightsFormatException(file, "file is too short to be a safetensors file (" + size + " bytes)");
        }
        ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        readFully(ch, lenBuf, 0);
        long n = lenBuf.getLong(0);
        if (n <= 0 || n > MAX_HEADER) {
            throw new WeightsFormatException(file, "invalid safetensors header length " + Long.toUnsignedString(n)
                    + " (not a safetensors file, or corrupt)");
        }
        if (8 + n > size) {
            throw new WeightsFormatException(file, "the safetensors header claims " + n + " bytes but the file has only "
                    + size + " bytes (truncated?)");
        }
        ByteBuffer json = ByteBuffer.allocate((int) n);
        readFully(ch, json, 8);
        String text = new String(json.array(), StandardCharsets.UTF_8);
        JsonObject root;
        try {
            JsonElement parsed = JsonParser.parseString(text);
            if (!parsed.isJsonObject()) {
                throw new WeightsFormatException(file, "the safetensors header is not a JSON object");
            }
            root = parsed.getAsJsonObject();
        } catch (JsonParseException ex) {
            throw new WeightsFormatException(file, "the safetensors header is not valid JSON (" + ex.getMessage() + ")");
        }
        long dataStart = 8 + n;
        return SafetensorsHeaderParser.parse(file, root, dataStart, size - dataStart);
    }

    private static void readFully(FileChannel ch, ByteBuffer dst, long position) throws IOException {
        long pos = position;
        while (dst.hasRemaining()) {
            int r = ch.read(dst, pos);
            if (r < 0) {
                throw new IOException("unexpected end of file");
            }
            pos += r;
        }
    }

    static Map<String, Entry> sorted(Map<String, Entry> m) {
        return new TreeMap<>(m);
    }
}
