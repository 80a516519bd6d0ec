package dev.sdwebui.model.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The restricted unpickler: refuses code, never executes anything, reads what a state dict needs. */
class CkptSafetyTest {

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

    /** pickle: os.system("touch <marker>") , i.e. GLOBAL 'os system' + REDUCE, the classic exploit. */
    private static byte[] osSystemPickle(Path marker) {
        return new TorchZipFixture().proto2().global("os", "system")
                .mark().str("touch " + marker).tuple().reduce().op('.').pickle();
    }

    private Path ckpt(String name, byte[] pickle, Map<String, byte[]> storages) throws Exception {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("archive/data.pkl", pickle);
        storages.forEach((k, v) -> entries.put("archive/data/" + k, v));
        entries.put("archive/version", "3\n".getBytes());
        Path p = tmp.resolve(name);
        Files.write(p, TorchZipFixture.zip(entries));
        return p;
    }

    @Test
    void osSystemIsRefusedByNameAndNothingRuns() throws Exception {
        Path marker = tmp.resolve("pwned-" + UUID.randomUUID());
        Path file = ckpt("x.ckpt", osSystemPickle(marker), Map.of());

        assertThatThrownBy(() -> WeightsReader.read(file, root, ReadOptions.defaults()))
                .isInstanceOf(WeightsFormatException.class)
                .hasMessage("refusing to load x.ckpt: it references os.system, which is not allowed in a checkpoint;"
                        + " use --disable-safe-unpickle only if you trust this file");
        assertThat(marker).doesNotExist();
    }

    @Test
    void unsafeModeTurnsUnknownGlobalsIntoInertPlaceholders() throws Exception {
        Path marker = tmp.resolve("pwned-" + UUID.randomUUID());
        // {'w': tensor[2] of FloatStorage '0', 'evil': os.system('touch marker')}
        byte[] pkl = new TorchZipFixture().proto2().op('}').mark()
                .str("w").tensor("FloatStorage", "0", 2, 0, new int[] {2}, new int[] {1})
                .str("evil").global("os", "system").mark().str("touch " + marker).tuple().reduce()
                .op('u', '.').pickle();
        Path file = ckpt("evil.ckpt", pkl, Map.of("0", floats(1.5f, -2f)));

        assertThatThrownBy(() -> WeightsReader.read(file, root, ReadOptions.defaults()))
                .hasMessageContaining("os.system");
        try (StateDict sd = WeightsReader.read(file, root, new ReadOptions(true, true))) {
            assertThat(sd.keys()).containsExactly("w");
            assertThat(sd.get("w").toFloatArray()).containsExactly(1.5f, -2f);
        }
        assertThat(marker).doesNotExist();
    }

    @Test
    void bf16StorageBecomesExactFloat32() throws Exception {
        short[] bits = {0x3F80, (short) 0xC020, 0x7F80, 0x0001, (short) 0x8000, 0x4049};
        ByteBuffer raw = ByteBuffer.allocate(bits.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (short b : bits) {
            raw.putShort(b);
        }
        byte[] pkl = new TorchZipFixture().proto2().op('}').str("b")
                .tensor("BFloat16Storage", "0", bits.length, 0, new int[] {2, 3}, new int[] {3, 1})
                .op('s', '.').pickle();
        Path file = ckpt("bf16.ckpt", pkl, Map.of("0", raw.array()));
        for (ReadOptions opts : new ReadOptions[] {ReadOptions.defaults(), ReadOptions.raw()}) {
            try (StateDict sd = WeightsReader.read(file, root, opts)) {
                assertThat(sd.get("b").getDataType()).isEqualTo(DataType.FLOAT32);
                float[] f = sd.get("b").toFloatArray();
                for (int i = 0; i < bits.length; i++) {
                    assertThat(Float.floatToRawIntBits(f[i])).isEqualTo((bits[i] & 0xffff) << 16);
                }
            }
        }
    }

    @Test
    void viewsBySharedStorageOffsetAndStride() throws Exception {
        // storage [0..5]; 'a' = storage[1:3]; 't' = storage[0:6].view(2,3).t() (non-contiguous, shape 3x2)
        byte[] pkl = new TorchZipFixture().proto2().op('}').mark()
                .str("a").tensor("FloatStorage", "0", 6, 1, new int[] {2}, new int[] {1})
                .str("t").tensor("FloatStorage", "0", 6, 0, new int[] {3, 2}, new int[] {1, 3})
                .op('u', '.').pickle();
        Path file = ckpt("views.ckpt", pkl, Map.of("0", floats(0, 1, 2, 3, 4, 5)));
        try (StateDict sd = WeightsReader.read(file, root, ReadOptions.defaults())) {
            assertThat(sd.get("a").toFloatArray()).containsExactly(1f, 2f);
            assertThat(sd.get("t").getShape().getShape()).containsExactly(3, 2);
            assertThat(sd.get("t").toFloatArray()).containsExactly(0f, 3f, 1f, 4f, 2f, 5f);
        }
    }

    @Test
    void viewBeyondItsStorageIsAnError() throws Exception {
        byte[] pkl = new TorchZipFixture().proto2().op('}').str("a")
                .tensor("FloatStorage", "0", 2, 1, new int[] {4}, new int[] {1}).op('s', '.').pickle();
        Path file = ckpt("bad.ckpt", pkl, Map.of("0", floats(1, 2)));
        assertThatThrownBy(() -> WeightsReader.read(file, root, ReadOptions.defaults()))
                .isInstanceOf(WeightsFormatException.class).hasMessageContaining("outside its storage");
    }

    @Test
    void truncatedPickleAndMissingStorageAreClearErrors() throws Exception {
        byte[] full = new TorchZipFixture().proto2().op('}').str("a")
                .tensor("FloatStorage", "0", 2, 0, new int[] {2}, new int[] {1}).op('s', '.').pickle();
        Path cut = ckpt("cut.ckpt", java.util.Arrays.copyOf(full, full.length - 5), Map.of("0", floats(1, 2)));
        assertThatThrownBy(() -> WeightsReader.read(cut, root, ReadOptions.defaults()))
                .isInstanceOf(WeightsFormatException.class).hasMessageContaining("malformed pickle");
        Path nostore = ckpt("nostore.ckpt", full, Map.of());
        assertThatThrownBy(() -> WeightsReader.read(nostore, root, ReadOptions.defaults()))
                .isInstanceOf(WeightsFormatException.class).hasMessageContaining("storage data/0 is missing");
    }

    @Test
    void truncatedZipIsAClearError() throws Exception {
        byte[] full = Files.readAllBytes(ckpt("ok.ckpt", new TorchZipFixture().proto2().op('}', '.').pickle(), Map.of()));
        Path half = tmp.resolve("half.ckpt");
        Files.write(half, java.util.Arrays.copyOf(full, full.length / 2));
        assertThatThrownBy(() -> WeightsReader.read(half, root, ReadOptions.defaults()))
                .isInstanceOf(WeightsFormatException.class)
                .hasMessageContaining("half.ckpt").hasMessageContaining("truncated");
    }

    static byte[] floats(float... v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : v) {
            b.putFloat(f);
        }
        return b.array();
    }
}
