package dev.sdwebui.model.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Damaged and hostile weight files: whatever the bytes, reading either gives tensors or a
 * {@link WeightsFormatException} naming the file; never another exception, never a huge allocation.
 */
class CheckpointFuzzTest {

    private static NDManager root;
    @TempDir
    Path dir;

    @BeforeAll
    static void engine() {
        root = NDManager.newBaseManager("PyTorch");
        JniUtils.setGradMode(false);
    }

    @AfterAll
    static void close() {
        root.close();
    }

    private Path good() throws Exception {
        Path f = dir.resolve("good.safetensors");
        SafetensorsWriter.write(f, List.of(
                new SafetensorsWriter.TensorSpec("a.weight", StoredDType.F32, new long[] {4, 3}),
                new SafetensorsWriter.TensorSpec("b.bias", StoredDType.F16, new long[] {5})),
                Map.of("format", "pt"), (spec, buf) -> {
                    while (buf.hasRemaining()) {
                        buf.put((byte) 1);
                    }
                });
        return f;
    }

    /** Reads the file; a failure must be a WeightsFormatException that names it. */
    private static void readOrRefuse(Path f) {
        try (NDManager m = root.newSubManager()) {
            try (StateDict sd = WeightsReader.read(f, m, ReadOptions.defaults())) {
                assertThat(sd.size()).isGreaterThanOrEqualTo(0);
            } catch (WeightsFormatException e) {
                assertThat(e.getMessage()).contains(f.getFileName().toString());
            }
        }
    }

    @Test
    void everyTruncationIsRefusedWithTheFileName() throws Exception {
        byte[] bytes = Files.readAllBytes(good());
        for (int len = 0; len < bytes.length; len++) {
            Path f = dir.resolve("cut" + len + ".safetensors");
            Files.write(f, java.util.Arrays.copyOf(bytes, len));
            assertThatThrownBy(() -> WeightsReader.read(f, root, ReadOptions.defaults()))
                    .as("cut at %d of %d", len, bytes.length).isInstanceOf(WeightsFormatException.class)
                    .hasMessageContaining(f.getFileName().toString());
        }
    }

    @Test
    void randomByteFlipsNeverEscapeAsAnotherException() throws Exception {
        byte[] bytes = Files.readAllBytes(good());
        Random r = new Random(20);
        for (int i = 0; i < 400; i++) {
            byte[] b = bytes.clone();
            int flips = 1 + r.nextInt(4);
            for (int k = 0; k < flips; k++) {
                // mostly the 8-byte length and the JSON header, where the structure lives
                int at = r.nextInt(10) < 8 ? r.nextInt(Math.min(b.length, 8 + 160)) : r.nextInt(b.length);
                b[at] = (byte) r.nextInt(256);
            }
            Path f = dir.resolve("flip" + i + ".safetensors");
            Files.write(f, b);
            readOrRefuse(f);
        }
    }

    /** A file with this JSON header and {@code data} zero bytes after it. */
    private Path crafted(String json, int data) throws Exception {
        byte[] h = json.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + data).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h);
        Path f = dir.resolve("crafted.safetensors");
        Files.write(f, b.array());
        return f;
    }

    @ParameterizedTest
    @ValueSource(strings = {
        // overlapping tensors (one would alias the other)
        "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}",
        "{\"a\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]},\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}",
        // offsets past the file, reversed, negative
        "{\"a\":{\"dtype\":\"F32\",\"shape\":[1000000],\"data_offsets\":[0,4000000]}}",
        "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,0]}}",
        "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[-8,0]}}",
        // absurd shapes: overflow, negative, a size that does not match the offsets
        "{\"a\":{\"dtype\":\"F32\",\"shape\":[9223372036854775807,9223372036854775807],\"data_offsets\":[0,16]}}",
        "{\"a\":{\"dtype\":\"F32\",\"shape\":[-4],\"data_offsets\":[0,16]}}",
        "{\"a\":{\"dtype\":\"F32\",\"shape\":[3000000000],\"data_offsets\":[0,16]}}",
        "{\"a\":{\"dtype\":\"F32\",\"shape\":[1.5],\"data_offsets\":[0,16]}}",
        // wrong types and unknown dtypes
        "{\"a\":{\"dtype\":\"Q4\",\"shape\":[4],\"data_offsets\":[0,16]}}",
        "{\"a\":{\"dtype\":7,\"shape\":\"4\",\"data_offsets\":[0,16]}}",
        "{\"a\":[1,2,3]}",
        "{\"__metadata__\":[1],\"a\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}",
        "[1,2,3]",
        "{\"a\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}",
    })
    void hostileHeadersAreRefusedWithTheFileName(String json) throws Exception {
        Path f = crafted(json, 16);
        assertThatThrownBy(() -> WeightsReader.read(f, root, ReadOptions.defaults()))
                .isInstanceOf(WeightsFormatException.class).hasMessageContaining("crafted.safetensors");
    }

    @Test
    void aHeaderLengthOfPetabytesIsRefusedBeforeAnyAllocation() throws Exception {
        ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(1L << 50).putLong(0);
        Path f = dir.resolve("huge.safetensors");
        Files.write(f, b.array());
        assertThatThrownBy(() -> WeightsReader.read(f, root, ReadOptions.defaults()))
                .isInstanceOf(WeightsFormatException.class).hasMessageContaining("huge.safetensors");
    }

    @Test
    void malformedZipsAndPicklesAreRefusedWithTheFileName() throws Exception {
        Random r = new Random(3);
        for (int i = 0; i < 60; i++) {
            byte[] b = new byte[r.nextInt(400)];
            r.nextBytes(b);
            if (i % 3 == 0 && b.length > 4) {
                b[0] = 'P';
                b[1] = 'K';
                b[2] = 3;
                b[3] = 4; // a zip local header signature, then garbage
            } else if (i % 3 == 1 && b.length > 2) {
                b[0] = (byte) 0x80;
                b[1] = 2; // a pickle protocol 2 opener, then garbage
            }
            Path f = dir.resolve("junk" + i + ".ckpt");
            Files.write(f, b);
            assertThatThrownBy(() -> WeightsReader.read(f, root, ReadOptions.defaults())).as("junk %d", i)
                    .isInstanceOf(WeightsFormatException.class).hasMessageContaining(f.getFileName().toString());
        }
    }
}
