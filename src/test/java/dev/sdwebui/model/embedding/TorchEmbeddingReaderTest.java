package dev.sdwebui.model.embedding;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sdwebui.model.io.TorchZipFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code .pt}/{@code .bin} embeddings, hand-built like A1111's {@code Embedding.save} writes them. */
class TorchEmbeddingReaderTest {

    private static final int WIDTH = 64;

    @TempDir
    Path dir;

    /** Row-major [n, width] test vectors: v[i][j] = (i + 1) * 0.5 - j / 64. */
    private static float[] vectors(int n, int width) {
        float[] v = new float[n * width];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < width; j++) {
                v[i * width + j] = (i + 1) * 0.5f - j / 64f;
            }
        }
        return v;
    }

    /**
     * A1111 textual_inversion.py {@code Embedding.save}: {'string_to_token': {'*': 265},
     * 'string_to_param': {'*': tensor[n, width]}, 'name', 'step', 'sd_checkpoint', 'sd_checkpoint_name'},
     * plus {@code extra} pickle ops inserted as more top-level items.
     */
    private static byte[] a1111Pickle(String name, int n, int width, int step, TorchZipFixture extra) {
        TorchZipFixture p = new TorchZipFixture().proto2().op('}').mark();
        p.str("string_to_token").op('}').str("*").op('M', 265 & 0xff, 265 >> 8).op('s');
        p.str("string_to_param").op('}').str("*")
                .tensor("FloatStorage", "0", n * width, 0, new int[] {n, width}, new int[] {width, 1}).op('s');
        p.str("name").str(name).str("step").int4(step);
        p.str("sd_checkpoint").str("e1441589a6").str("sd_checkpoint_name").str("v1-5-pruned-emaonly");
        if (extra != null) {
            p.op(bytes(extra.pickle()));
        }
        return p.op('u', '.').pickle();
    }

    private Path pt(String file, byte[] pickle, float[] storage) throws IOException {
        Path p = dir.resolve(file);
        Files.createDirectories(p.getParent());
        Files.write(p, TorchZipFixture.torchSave(pickle, Map.of("0", TorchZipFixture.floats(storage))));
        return p;
    }

    private static int[] bytes(byte[] b) {
        int[] out = new int[b.length];
        for (int i = 0; i < b.length; i++) {
            out[i] = b[i] & 0xff;
        }
        return out;
    }

    @Test
    void a1111StringToParamLoadsWithVectorsNameStepAndCheckpoint() throws IOException {
        pt("my-style.pt", a1111Pickle("my-style", 2, WIDTH, 1500, null), vectors(2, WIDTH));
        pt("sub/single.pt", a1111Pickle("single", 1, WIDTH, 7, null), vectors(1, WIDTH));
        EmbeddingDatabase db = new EmbeddingDatabase(List.of(dir), WIDTH);
        db.refresh();

        assertThat(db.skipped()).isEmpty();
        assertThat(db.loaded().keySet()).containsExactly("my-style", "single");
        TextualInversion ti = db.get("my-style").orElseThrow();
        assertThat(ti.name()).isEqualTo("my-style");
        assertThat(ti.vectorCount()).isEqualTo(2);
        assertThat(ti.width()).isEqualTo(WIDTH);
        assertThat(ti.vectors()).containsExactly(vectors(2, WIDTH));
        assertThat(ti.vector(1)[0]).isEqualTo(1.0f);
        assertThat(ti.vector(1)[63]).isEqualTo(1.0f - 63 / 64f);
        assertThat(ti.step()).isEqualTo(1500);
        assertThat(ti.sdCheckpoint()).isEqualTo("e1441589a6");
        assertThat(ti.sdCheckpointName()).isEqualTo("v1-5-pruned-emaonly");
        assertThat(ti.sha256()).isEqualTo(EmbeddingDatabase.sha256(dir.resolve("my-style.pt")));
        assertThat(db.get("single").orElseThrow().step()).isEqualTo(7);
    }

    @Test
    void nameIsTheFileStemLikeA1111() throws IOException {
        pt("renamed.pt", a1111Pickle("original-name", 1, WIDTH, 0, null), vectors(1, WIDTH));
        EmbeddingDatabase db = new EmbeddingDatabase(List.of(dir), WIDTH);
        db.refresh();
        assertThat(db.loaded().keySet()).containsExactly("renamed");
    }

    @Test
    void forbiddenGlobalIsSkippedWithTheRefusalAndNothingRuns() throws IOException {
        Path marker = dir.resolve("pwned-" + UUID.randomUUID());
        TorchZipFixture evil = new TorchZipFixture().str("hook").global("os", "system")
                .mark().str("touch " + marker).tuple().reduce();
        pt("evil.pt", a1111Pickle("evil", 1, WIDTH, 1, evil), vectors(1, WIDTH));

        EmbeddingDatabase db = new EmbeddingDatabase(List.of(dir), WIDTH);
        db.refresh();
        assertThat(db.loaded()).isEmpty();
        SkippedEmbedding skipped = db.skipped().get("evil");
        assertThat(skipped.reason()).isEqualTo("cannot load: refusing to load evil.pt: it references os.system, "
                + "which is not allowed in a checkpoint; use --disable-safe-unpickle only if you trust this file");
        assertThat(skipped.embedding()).isNull();

        // --disable-safe-unpickle: the unknown global is an inert placeholder, the embedding loads
        EmbeddingDatabase unsafe = new EmbeddingDatabase(List.of(dir), WIDTH, EmbeddingFileReader.byExtension(true));
        unsafe.refresh();
        assertThat(unsafe.loaded().keySet()).containsExactly("evil");
        assertThat(marker).doesNotExist();
    }

    @Test
    void wrongWidthIsSkippedWithTheReasonAndTheEmbedding() throws IOException {
        pt("sd2.pt", a1111Pickle("sd2", 3, 32, 10, null), vectors(3, 32));
        EmbeddingDatabase db = new EmbeddingDatabase(List.of(dir), WIDTH);
        db.refresh();
        assertThat(db.loaded()).isEmpty();
        SkippedEmbedding s = db.skipped().get("sd2");
        assertThat(s.reason()).isEqualTo("vector width 32 does not match the text encoder width 64");
        assertThat(s.embedding().vectorCount()).isEqualTo(3);
        assertThat(s.embedding().step()).isEqualTo(10);
    }

    @Test
    void embParamsDiffusersBinAndParameterDictLayouts() throws IOException {
        float[] one = vectors(1, WIDTH);
        // {'emb_params': tensor[2, 64]}
        pt("emb.pt", new TorchZipFixture().proto2().op('}').str("emb_params")
                .tensor("FloatStorage", "0", 2 * WIDTH, 0, new int[] {2, WIDTH}, new int[] {WIDTH, 1})
                .op('s', '.').pickle(), vectors(2, WIDTH));
        // diffusers concept: {'<cat-toy>': tensor[64]}
        pt("concept.bin", new TorchZipFixture().proto2().op('}').str("<cat-toy>")
                .tensor("FloatStorage", "0", WIDTH, 0, new int[] {WIDTH}, new int[] {1})
                .op('s', '.').pickle(), one);
        // torch 1.11 files: string_to_param is an nn.ParameterDict whose __dict__ holds _parameters
        TorchZipFixture pd = new TorchZipFixture().proto2().op('}').mark().str("string_to_param")
                .global("torch.nn.modules.container", "ParameterDict").op(')').op(0x81)
                .op('}').mark().str("training").op(0x88).str("_parameters")
                .global("collections", "OrderedDict").op(')').reduce()
                .str("*").global("torch._utils", "_rebuild_parameter").mark()
                .tensor("FloatStorage", "0", WIDTH, 0, new int[] {1, WIDTH}, new int[] {WIDTH, 1})
                .op(0x88).global("collections", "OrderedDict").op(')').reduce().tuple().reduce()
                .op('s').op('u').op('b')
                .str("step").int1(3).op('u', '.');
        pt("old.pt", pd.pickle(), one);

        EmbeddingDatabase db = new EmbeddingDatabase(List.of(dir), WIDTH);
        db.refresh();
        assertThat(db.skipped()).isEmpty();
        assertThat(db.loaded().keySet()).containsExactlyInAnyOrder("emb", "concept", "old");
        assertThat(db.get("emb").orElseThrow().vectors()).containsExactly(vectors(2, WIDTH));
        assertThat(db.get("concept").orElseThrow().vectorCount()).isEqualTo(1);
        assertThat(db.get("concept").orElseThrow().vectors()).containsExactly(one);
        assertThat(db.get("old").orElseThrow().vectors()).containsExactly(one);
        assertThat(db.get("old").orElseThrow().step()).isEqualTo(3);
    }

    @Test
    void safetensorsStillLoadAndBrokenTorchFilesAreSkipped() throws IOException {
        EmbeddingDatabaseTest.writeSafetensors(dir.resolve("st.safetensors"), "emb_params", new long[] {1, WIDTH},
                vectors(1, WIDTH));
        Files.writeString(dir.resolve("text.pt"), "not a torch file");
        pt("tensor-only.pt", new TorchZipFixture().proto2()
                .tensor("FloatStorage", "0", WIDTH, 0, new int[] {WIDTH}, new int[] {1}).op('.').pickle(), vectors(1, WIDTH));
        byte[] cut = a1111Pickle("cut", 1, WIDTH, 1, null);
        pt("cut.pt", java.util.Arrays.copyOf(cut, cut.length - 4), vectors(1, WIDTH));

        EmbeddingDatabase db = new EmbeddingDatabase(List.of(dir), WIDTH);
        db.refresh();
        assertThat(db.loaded().keySet()).containsExactly("st");
        assertThat(db.skipped().get("text").reason()).isEqualTo("cannot load: cannot load text.pt: not a PyTorch file "
                + "(expected a torch.save zip archive)");
        assertThat(db.skipped().get("tensor-only").reason())
                .isEqualTo("cannot load: not an embedding: the file holds a bare tensor[64] F32, not a dictionary");
        assertThat(db.skipped().get("cut").reason()).startsWith("cannot load: cannot load cut.pt: malformed pickle");
    }
}
