package dev.sdwebui.sampling;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.sdwebui.testsupport.SharedReference;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Test helper: the schedule buffers of the reference checkpoint, and the same from ldm's formula. */
public final class TinyAlphas {

    private TinyAlphas() {
    }

    /** {@code alphas_cumprod} read from tiny-fp32.safetensors (a minimal safetensors header read). */
    public static float[] fromCheckpoint() {
        Path file = SharedReference.tinyDir().resolve("tiny-fp32.safetensors");
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            ch.read(len, 0);
            int headerLen = (int) len.getLong(0);
            ByteBuffer header = ByteBuffer.allocate(headerLen);
            ch.read(header, 8);
            JsonObject json = JsonParser.parseString(new String(header.array(), StandardCharsets.UTF_8)).getAsJsonObject();
            JsonObject entry = json.getAsJsonObject("alphas_cumprod");
            if (!entry.get("dtype").getAsString().equals("F32")) {
                throw new IllegalStateException("alphas_cumprod is not F32");
            }
            long begin = entry.getAsJsonArray("data_offsets").get(0).getAsLong();
            long end = entry.getAsJsonArray("data_offsets").get(1).getAsLong();
            ByteBuffer data = ByteBuffer.allocate((int) (end - begin)).order(ByteOrder.LITTLE_ENDIAN);
            ch.read(data, 8 + headerLen + begin);
            data.flip();
            float[] out = new float[(int) ((end - begin) / 4)];
            data.asFloatBuffer().get(out);
            return out;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * ldm register_schedule('linear', 0.00085, 0.012, 1000): betas = linspace(sqrt(0.00085),
     * sqrt(0.012), 1000, float64)^2, alphas_cumprod = cumprod(1 - betas), stored as float32.
     */
    public static float[] sd1Formula() {
        int n = 1000;
        double a = Math.sqrt(0.00085);
        double b = Math.sqrt(0.012);
        float[] out = new float[n];
        double prod = 1;
        for (int i = 0; i < n; i++) {
            double beta = a + (b - a) * i / (n - 1);
            prod *= 1 - beta * beta;
            out[i] = (float) prod;
        }
        return out;
    }
}
