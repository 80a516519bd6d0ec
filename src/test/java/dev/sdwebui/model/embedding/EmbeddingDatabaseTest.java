package dev.sdwebui.model.embedding;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddingDatabaseTest {

    @TempDir
    Path dir;

    /** Writes a one-tensor F32 safetensors file. */
    static void writeSafetensors(Path file, String key, long[] shape, float[] data) throws IOException {
        String header = "{\"" + key + "\":{\"dtype\":\"F32\",\"shape\":" + java.util.Arrays.toString(shape)
                + ",\"data_offsets\":[0," + data.length * 4 + "]},\"__metadata__\":{\"format\":\"pt\"}}";
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h);
        for (float f : data) {
            b.putFloat(f);
        }
        Files.write(file, b.array());
    }

    @Test
    void loadsSafetensorsEmbParamsAndSkipsWrongWidth() throws IOException {
        writeSafetensors(dir.resolve("good.safetensors"), "emb_params", new long[] {2, 4}, new float[] {1, 2, 3, 4, 5, 6, 7, 8});
        Files.createDirectories(dir.resolve("sub"));
        writeSafetensors(dir.resolve("sub/wide.safetensors"), "emb_params", new long[] {1, 6}, new float[6]);
        writeSafetensors(dir.resolve("one.safetensors"), "<tok>", new long[] {4}, new float[] {9, 9, 9, 9});
        Files.write(dir.resolve("empty.pt"), new byte[0]);
        Files.writeString(dir.resolve("junk.safetensors"), "not a file");
        Files.writeString(dir.resolve("good.preview.png"), "png");
        EmbeddingDatabase db = new EmbeddingDatabase(List.of(dir), 4, new SafetensorsEmbeddingReader());
        db.refresh();
        assertThat(db.loaded().keySet()).containsExactly("good", "one");
        TextualInversion good = db.loaded().get("good");
        assertThat(good.vectorCount()).isEqualTo(2);
        assertThat(good.vector(1)).containsExactly(5, 6, 7, 8);
        assertThat(good.sha256()).isEqualTo(EmbeddingDatabase.sha256(dir.resolve("good.safetensors"))).hasSize(64);
        assertThat(good.shortHash()).hasSize(12);
        assertThat(db.loaded().get("one").vectorCount()).isEqualTo(1);
        assertThat(db.skipped().keySet()).containsExactlyInAnyOrder("wide", "junk");
        assertThat(db.skipped().get("wide").reason()).contains("width 6");
        assertThat(db.skipped().get("wide").embedding()).isNotNull();
        assertThat(db.skipped().get("junk").reason()).startsWith("cannot load");
    }

    @Test
    void a1111StringToParamLayoutAndRefresh() throws IOException {
        TensorData vec = new TensorData(new long[] {3, 4}, new float[12]);
        Path pt = dir.resolve("style.pt");
        Files.writeString(pt, "stand-in for a torch.save file");
        EmbeddingFileReader reader = file -> file.equals(pt)
                ? Map.of("string_to_param", Map.of("*", vec), "name", "style", "step", 500,
                        "sd_checkpoint_name", "v1-5")
                : new SafetensorsEmbeddingReader().read(file);
        EmbeddingDatabase db = new EmbeddingDatabase(List.of(dir), -1, reader);
        db.refresh();
        TextualInversion ti = db.get("style").orElseThrow();
        assertThat(ti.vectorCount()).isEqualTo(3);
        assertThat(ti.step()).isEqualTo(500);
        assertThat(ti.sdCheckpointName()).isEqualTo("v1-5");
        long v = db.version();
        writeSafetensors(dir.resolve("later.safetensors"), "emb_params", new long[] {1, 4}, new float[4]);
        db.refresh();
        assertThat(db.loaded().keySet()).containsExactlyInAnyOrder("style", "later");
        assertThat(db.version()).isGreaterThan(v);
    }

    @Test
    void layoutsThatAreNotEmbeddings() {
        TensorData t = new TensorData(new long[] {1, 4}, new float[4]);
        assertThat(attempt(Map.of("a", t, "b", t))).contains("multiple terms");
        assertThat(attempt(Map.of("string_to_param", Map.of("*", t, "x", t)))).contains("multiple terms");
        assertThat(attempt(Map.of("clip_g", t, "clip_l", t))).contains("SDXL");
        assertThat(attempt(Map.of("state_dict", Map.of()))).contains("not a textual inversion");
    }

    private static String attempt(Map<String, Object> data) {
        try {
            EmbeddingFormats.extract(data);
            return "loaded";
        } catch (IOException e) {
            return e.getMessage();
        }
    }

    @Test
    void halfFloats() {
        assertThat(SafetensorsEmbeddingReader.halfToFloat((short) 0x3C00)).isEqualTo(1f);
        assertThat(SafetensorsEmbeddingReader.halfToFloat((short) 0xC000)).isEqualTo(-2f);
        assertThat(SafetensorsEmbeddingReader.halfToFloat((short) 0x0001)).isEqualTo((float) Math.pow(2, -24));
        assertThat(SafetensorsEmbeddingReader.halfToFloat((short) 0x7C00)).isInfinite();
    }

    @Test
    void missingFolderIsEmpty() {
        EmbeddingDatabase db = new EmbeddingDatabase(List.of(dir.resolve("nope")), 4, new SafetensorsEmbeddingReader());
        db.refresh();
        assertThat(db.loaded()).isEmpty();
        assertThat(db.skipped()).isEmpty();
    }
}
