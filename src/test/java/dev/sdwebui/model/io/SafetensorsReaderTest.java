package dev.sdwebui.model.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Dtypes, metadata, views and every kind of broken safetensors file. */
class SafetensorsReaderTest {

    private static NDManager root;

    @TempDir
    Path tmp;

    @BeforeAll
    static void engine() {
        root = NDManager.newBaseManager();
    }

    @AfterAll
    static void close() {
        root.close();
    }

    /** A file from a literal header and data area (no padding: the header length is whatever the JSON is). */
    private Path raw(String name, String json, byte[] data) throws Exception {
        byte[] h = json.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h).put(data);
        Path p = tmp.resolve(name);
        Files.write(p, b.array());
        return p;
    }

    private static ByteBuffer le(int bytes) {
        return ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    private void expectError(Path file, String... fragments) {
        var t = assertThatThrownBy(() -> WeightsReader.read(file, root, ReadOptions.defaults()))
                .isInstanceOf(WeightsFormatException.class).hasMessageContaining(file.getFileName().toString());
        for (String f : fragments) {
            t.hasMessageContaining(f);
        }
    }

    @Test
    void bf16BecomesFloat32BitExactly() throws Exception {
        short[] bits = {0x3F80, (short) 0xC020, 0x7F80, (short) 0xFF80, 0x7FC1, 0x0001, (short) 0x8000, 0x4049};
        ByteBuffer d = le(bits.length * 2);
        for (short s : bits) {
            d.putShort(s);
        }
        Path f = raw("bf16.safetensors", "{\"b\":{\"dtype\":\"BF16\",\"shape\":[8],\"data_offsets\":[0,16]}}", d.array());
        try (StateDict sd = WeightsReader.read(f, root, ReadOptions.raw())) {
            float[] v = sd.get("b").toFloatArray();
            assertThat(sd.get("b").getDataType()).isEqualTo(DataType.FLOAT32);
            for (int i = 0; i < bits.length; i++) {
                assertThat(Float.floatToRawIntBits(v[i])).as("element %d", i).isEqualTo((bits[i] & 0xffff) << 16);
            }
        }
    }

    @Test
    void fp16UpcastIsExactAndRawKeepsHalf() throws Exception {
        // 1.0, -2.0, 65504 (max half), 2^-24 (smallest subnormal), 0.333251953125
        short[] bits = {0x3C00, (short) 0xC000, 0x7BFF, 0x0001, 0x3555};
        float[] expect = {1f, -2f, 65504f, 0x1p-24f, 0.333251953125f};
        ByteBuffer d = le(10);
        for (short s : bits) {
            d.putShort(s);
        }
        Path f = raw("f16.safetensors", "{\"h\":{\"dtype\":\"F16\",\"shape\":[5],\"data_offsets\":[0,10]}}", d.array());
        try (StateDict up = WeightsReader.read(f, root, ReadOptions.defaults());
             StateDict keep = WeightsReader.read(f, root, ReadOptions.raw())) {
            assertThat(up.get("h").getDataType()).isEqualTo(DataType.FLOAT32);
            assertThat(up.get("h").toFloatArray()).containsExactly(expect);
            assertThat(keep.get("h").getDataType()).isEqualTo(DataType.FLOAT16);
            assertThat(keep.get("h").toByteArray()).isEqualTo(d.array());
        }
    }

    @Test
    void integerAndBoolTypesArePreservedF64IsUpcast() throws Exception {
        ByteBuffer d = le(8 * 2 + 4 * 2 + 2 * 2 + 1 + 1 + 2 + 8);
        d.putLong(-3).putLong(1L << 40).putInt(7).putInt(-9).putShort((short) -5).putShort((short) 300)
                .put((byte) -1).put((byte) 200).put((byte) 1).put((byte) 0).putDouble(0.1);
        String json = "{\"__metadata__\":{\"format\":\"pt\",\"ss_note\":\"hi\"},"
                + "\"i64\":{\"dtype\":\"I64\",\"shape\":[2],\"data_offsets\":[0,16]},"
                + "\"i32\":{\"dtype\":\"I32\",\"shape\":[2],\"data_offsets\":[16,24]},"
                + "\"i16\":{\"dtype\":\"I16\",\"shape\":[2],\"data_offsets\":[24,28]},"
                + "\"i8\":{\"dtype\":\"I8\",\"shape\":[],\"data_offsets\":[28,29]},"
                + "\"u8\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[29,30]},"
                + "\"bool\":{\"dtype\":\"BOOL\",\"shape\":[2],\"data_offsets\":[30,32]},"
                + "\"f64\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[32,40]},"
                + "\"empty\":{\"dtype\":\"F16\",\"shape\":[0,4],\"data_offsets\":[40,40]}}";
        Path f = raw("ints.safetensors", json, d.array());
        try (StateDict sd = WeightsReader.read(f, root, ReadOptions.defaults())) {
            assertThat(sd.metadata()).isEqualTo(Map.of("format", "pt", "ss_note", "hi"));
            assertThat(sd.keys()).containsExactly("bool", "empty", "f64", "i16", "i32", "i64", "i8", "u8");
            assertThat(sd.get("i64").toLongArray()).containsExactly(-3L, 1L << 40);
            assertThat(sd.get("i32").toIntArray()).containsExactly(7, -9);
            assertThat(sd.get("i16").getDataType()).isEqualTo(DataType.INT32);
            assertThat(sd.get("i16").toIntArray()).containsExactly(-5, 300);
            assertThat(sd.get("i8").getShape().dimension()).isZero();
            assertThat(sd.get("i8").toByteArray()).containsExactly((byte) -1);
            assertThat(sd.get("u8").getDataType()).isEqualTo(DataType.UINT8);
            assertThat(sd.get("bool").toBooleanArray()).containsExactly(true, false);
            assertThat(sd.get("f64").getDataType()).isEqualTo(DataType.FLOAT32);
            assertThat(sd.get("f64").toFloatArray()).containsExactly(0.1f);
            assertThat(sd.get("empty").getShape().getShape()).containsExactly(0, 4);
        }
        try (StateDict sd = WeightsReader.read(f, root, ReadOptions.raw())) {
            assertThat(sd.get("f64").getDataType()).isEqualTo(DataType.FLOAT64);
        }
    }

    @Test
    void misalignedDataIsCopiedNotMisread() throws Exception {
        // header length 61 -> data starts at 69: not a multiple of 4
        String json = "{\"x\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}";
        json = json + " ".repeat(61 - json.length());
        Path f = raw("odd.safetensors", json, CkptSafetyTest.floats(3.25f, -1f));
        try (StateDict sd = WeightsReader.read(f, root, ReadOptions.defaults())) {
            assertThat(sd.get("x").toFloatArray()).containsExactly(3.25f, -1f);
        }
    }

    @Test
    void writerRoundTripWithPrefixViewsAndMissingKeys() throws Exception {
        Path f = tmp.resolve("rt.safetensors");
        List<SafetensorsWriter.TensorSpec> specs = List.of(
                new SafetensorsWriter.TensorSpec("model.diffusion_model.out.2.bias", StoredDType.F32, new long[] {2}),
                new SafetensorsWriter.TensorSpec("model.diffusion_model.out.0.weight", StoredDType.F32, new long[] {1}),
                new SafetensorsWriter.TensorSpec("first_stage_model.x", StoredDType.F16, new long[] {3}));
        SafetensorsWriter.write(f, specs, Map.of("k", "v"), (spec, out) -> {
            while (out.hasRemaining()) {
                out.put((byte) spec.name().length());
            }
        });
        try (StateDict sd = WeightsReader.read(f, root, ReadOptions.raw())) {
            assertThat(sd.metadata()).containsEntry("k", "v");
            StateDict unet = sd.withPrefix("model.diffusion_model.");
            assertThat(unet.keys()).containsExactly("out.0.weight", "out.2.bias");
            assertThat(unet.get("out.2.bias")).isSameAs(sd.get("model.diffusion_model.out.2.bias"));
            assertThat(unet.isOwner()).isFalse();
            unet.close(); // a view: must not close the owner's tensors
            assertThat(sd.get("first_stage_model.x").toByteArray()).containsOnly((byte) 19);
            assertThat(sd.find("nope")).isEmpty();
            assertThatThrownBy(() -> sd.get("nope")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("missing tensor: nope");
            StateDict renamed = sd.rekeyed(Map.of("b", "model.diffusion_model.out.2.bias"));
            assertThat(renamed.keys()).containsExactly("b");
        }
    }

    @Test
    void headerLengthBeyondTheFile() throws Exception {
        Path f = tmp.resolve("long.safetensors");
        Files.write(f, le(20).putLong(1000).array());
        expectError(f, "claims 1000 bytes", "truncated");
    }

    @Test
    void absurdHeaderLengthAndTinyFiles() throws Exception {
        Path f = tmp.resolve("huge.safetensors");
        Files.write(f, le(16).putLong(-5).array());
        expectError(f, "invalid safetensors header length");
        Path tiny = tmp.resolve("tiny.safetensors");
        Files.write(tiny, new byte[] {1, 2, 3});
        expectError(tiny, "too short");
        expectError(tmp.resolve("absent.safetensors"), "no such file");
    }

    @Test
    void badJson() throws Exception {
        expectError(raw("json.safetensors", "{\"a\": [1, 2", new byte[0]), "not valid JSON");
        expectError(raw("arr.safetensors", "[1]", new byte[0]), "not a JSON object");
        expectError(raw("nodtype.safetensors", "{\"a\":{\"shape\":[1],\"data_offsets\":[0,4]}}", new byte[4]), "no dtype");
        expectError(raw("fp8.safetensors", "{\"a\":{\"dtype\":\"F8_E4M3\",\"shape\":[1],\"data_offsets\":[0,1]}}",
                new byte[1]), "unsupported dtype F8_E4M3");
        expectError(raw("neg.safetensors", "{\"a\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}}",
                new byte[4]), "negative");
        expectError(raw("frac.safetensors", "{\"a\":{\"dtype\":\"F32\",\"shape\":[1.5],\"data_offsets\":[0,4]}}",
                new byte[4]), "non-integer");
    }

    @Test
    void offsetsOutOfRangeAndSizeMismatch() throws Exception {
        expectError(raw("oob.safetensors", "{\"a\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}",
                new byte[8]), "tensor 'a'", "outside");
        expectError(raw("rev.safetensors", "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,4]}}",
                new byte[8]), "outside");
        expectError(raw("size.safetensors", "{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}",
                new byte[8]), "needs 12 bytes but the offsets give 8");
        expectError(raw("overflow.safetensors", "{\"a\":{\"dtype\":\"F32\",\"shape\":[4294967296,4294967296],"
                + "\"data_offsets\":[0,8]}}", new byte[8]), "impossibly large");
    }

    @Test
    void truncatedRealFile() throws Exception {
        Path f = tmp.resolve("full.safetensors");
        SafetensorsWriter.write(f, List.of(new SafetensorsWriter.TensorSpec("w", StoredDType.F32, new long[] {256})),
                Map.of(), null);
        byte[] all = Files.readAllBytes(f);
        Path cut = tmp.resolve("cut.safetensors");
        Files.write(cut, java.util.Arrays.copyOf(all, all.length - 100));
        expectError(cut, "tensor 'w'", "truncated or corrupt");
        try (StateDict sd = WeightsReader.read(f, root, ReadOptions.defaults())) {
            assertThat(sd.get("w").toFloatArray()).containsOnly(0f); // the sparse hole reads as zeros
        }
    }

    @Test
    void legacyTorchPickleIsNamed() throws Exception {
        Path f = tmp.resolve("old.ckpt");
        Files.write(f, new byte[] {(byte) 0x80, 2, (byte) 0x8a, 10, 0x6c, (byte) 0xfc, (byte) 0x9c, 0x46, (byte) 0xf9});
        expectError(f, "legacy");
    }

    @Test
    void deeplyNestedHeaderIsAnErrorNotAStackOverflow() throws Exception {
        String json = "{\"a\":" + "[".repeat(200_000) + "]".repeat(200_000) + "}";
        expectError(raw("deep.safetensors", json, new byte[0]), "deep.safetensors");
    }

    @Test
    void corruptedHeadersNeverEscapeAsOtherExceptions() throws Exception {
        String json = "{\"__metadata__\":{\"format\":\"pt\"},"
                + "\"a\":{\"dtype\":\"F16\",\"shape\":[2,2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"BF16\",\"shape\":[2],\"data_offsets\":[8,12]}}";
        byte[] good = Files.readAllBytes(raw("good.safetensors", json, new byte[12]));
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(5);
        for (int i = 0; i < 1000; i++) {
            byte[] bad = good.clone();
            for (int e = 0; e < 1 + rnd.nextInt(3); e++) {
                bad[rnd.nextInt(bad.length)] = (byte) rnd.nextInt(256);
            }
            Path f = tmp.resolve("fuzz.safetensors");
            Files.write(f, bad);
            try (StateDict sd = WeightsReader.read(f, root, ReadOptions.defaults())) {
                assertThat(sd.size()).isNotNegative();
            } catch (WeightsFormatException expected) {
                assertThat(expected.getMessage()).startsWith("cannot load fuzz.safetensors: ");
            }
        }
    }
}
