package dev.sdwebui.model.merge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.sdwebui.model.io.HalfFloat;
import dev.sdwebui.model.io.SafetensorsWriter;
import dev.sdwebui.model.io.StoredDType;
import dev.sdwebui.model.io.TensorFile;
import dev.sdwebui.model.registry.CheckpointInfo;
import dev.sdwebui.model.registry.HashCache;
import dev.sdwebui.model.registry.ModelDownloader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The merger's outputs against A1111's formulas, tensor by tensor, on small generated checkpoints. */
class CheckpointMergerTest {

    @TempDir
    Path tmp;

    private static final String W = "model.diffusion_model.out.2.weight";
    private static final String CONV_IN = "model.diffusion_model.input_blocks.0.0.weight";
    private static final String POS = "cond_stage_model.transformer.text_model.embeddings.position_ids";
    private static final String ALPHAS = "alphas_cumprod";
    private static final String VAE = "first_stage_model.decoder.conv_out.bias";

    /** A tensor to write: values are rounded to the dtype on write. */
    record T(StoredDType dtype, long[] shape, double[] values) {
    }

    private static T rand(StoredDType dt, long seed, long... shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        Random r = new Random(seed);
        double[] v = new double[(int) n];
        for (int i = 0; i < v.length; i++) {
            v[i] = DTypeMath.round(dt, dt.isFloating() ? r.nextGaussian() : i);
        }
        return new T(dt, shape, v);
    }

    private CheckpointInfo write(String name, Map<String, T> tensors, Map<String, String> meta) throws Exception {
        Path f = tmp.resolve("in/" + name + ".safetensors");
        Files.createDirectories(f.getParent());
        List<SafetensorsWriter.TensorSpec> specs = new ArrayList<>();
        tensors.forEach((k, t) -> specs.add(new SafetensorsWriter.TensorSpec(k, t.dtype(), t.shape())));
        SafetensorsWriter.write(f, specs, meta, (spec, out) -> {
            for (double v : tensors.get(spec.name()).values()) {
                DTypeMath.encode(spec.dtype(), v, out);
            }
        });
        return new CheckpointInfo(name + ".safetensors", name, f, null, "0123abcd", null);
    }

    private static Map<String, T> model(StoredDType dt, long seed) {
        Map<String, T> m = new LinkedHashMap<>();
        m.put(W, rand(dt, seed, 4, 3, 3, 3));
        m.put(VAE, rand(dt, seed + 1, 5));
        m.put(POS, rand(StoredDType.I64, 0, 1, 7));
        m.put(ALPHAS, rand(StoredDType.F32, seed + 2, 6));
        return m;
    }

    private CheckpointMerger merger() {
        return new CheckpointMerger(tmp.resolve("out"), new HashCache(tmp.resolve("cache.json")), true);
    }

    private static MergeSpec spec(CheckpointInfo a, CheckpointInfo b, CheckpointInfo c, MergeMethod m, double mult,
                                  boolean half, String discard) {
        return new MergeSpec(a, b, c, m, mult, half, "", 0, discard, true, true, true, "{}");
    }

    private static double[] read(TensorFile f, String key) throws Exception {
        long n = 1;
        for (long d : f.shape(key)) {
            n *= d;
        }
        double[] v = new double[(int) n];
        f.read(key, 0, v, v.length);
        return v;
    }

    @Test
    void weightedSumFloat32IsTheFormulaElementByElement() throws Exception {
        Map<String, T> ma = model(StoredDType.F32, 1);
        Map<String, T> mb = model(StoredDType.F32, 10);
        mb.put(POS, rand(StoredDType.I64, 0, 1, 7)); // same values; the key must not be merged anyway
        ma.put("model.only_in_a", rand(StoredDType.F32, 99, 3));
        CheckpointInfo a = write("a", ma, Map.of());
        CheckpointInfo b = write("b", mb, Map.of());
        MergeResult r = merger().merge(spec(a, b, null, MergeMethod.WEIGHTED_SUM, 0.3, false, ""));

        assertThat(r.name()).isEqualTo("0.7(a) + 0.3(b).safetensors");
        assertThat(r.sha256()).isEqualTo(ModelDownloader.sha256(r.file()));
        try (TensorFile out = TensorFile.open(r.file())) {
            for (String k : List.of(W, VAE)) {
                double[] x = read(out, k);
                assertThat(out.dtype(k)).isEqualTo(StoredDType.F32);
                for (int i = 0; i < x.length; i++) {
                    float expected = (float) (1 - 0.3) * (float) ma.get(k).values()[i] + 0.3f * (float) mb.get(k).values()[i];
                    assertThat((float) x[i]).as(k + "[" + i + "]").isEqualTo(expected);
                }
            }
            assertThat(read(out, ALPHAS)).as("no 'model' in the key: A's values").containsExactly(ma.get(ALPHAS).values());
            assertThat(read(out, "model.only_in_a")).containsExactly(ma.get("model.only_in_a").values());
            assertThat(out.dtype(POS)).isEqualTo(StoredDType.I64);
            assertThat(read(out, POS)).containsExactly(ma.get(POS).values());
        }
    }

    @Test
    void halfAndMixedPrecisionMatchTorch() throws Exception {
        Map<String, T> ma = model(StoredDType.F16, 2);
        Map<String, T> mb = model(StoredDType.F32, 20);
        Map<String, T> mc = model(StoredDType.F16, 30);
        mb.put(VAE, rand(StoredDType.F16, 21, 5));
        mc.remove(VAE); // C lacks it: B - C becomes zeros_like(B)
        CheckpointInfo a = write("a", ma, Map.of());
        CheckpointInfo b = write("b", mb, Map.of());
        CheckpointInfo c = write("c", mc, Map.of());
        MergeResult ws = merger().merge(spec(a, b, null, MergeMethod.WEIGHTED_SUM, 0.35, false, ""));
        MergeResult ad = merger().merge(spec(a, b, c, MergeMethod.ADD_DIFFERENCE, 0.35, false, ""));
        assertThat(ad.name()).isEqualTo("a + 0.35(b - c).safetensors");
        try (NDManager m = NDManager.newBaseManager("PyTorch");
             TensorFile ow = TensorFile.open(ws.file()); TensorFile oa = TensorFile.open(ad.file())) {
            for (String k : List.of(W, VAE)) {
                NDArray ta = nd(m, ma.get(k));
                NDArray tb = nd(m, mb.get(k));
                NDArray sum = ta.mul(1 - 0.35).add(tb.mul(0.35));
                NDArray diff = mc.containsKey(k) ? tb.sub(nd(m, mc.get(k))) : tb.zerosLike();
                NDArray addDiff = ta.add(diff.mul(0.35));
                assertThat(ow.dtype(k).name()).isEqualTo(storedName(sum.getDataType()));
                assertThat(oa.dtype(k).name()).isEqualTo(storedName(addDiff.getDataType()));
                assertThat(read(ow, k)).as("weighted sum " + k).containsExactly(values(sum));
                assertThat(read(oa, k)).as("add difference " + k).containsExactly(values(addDiff));
            }
        }
    }

    private static NDArray nd(NDManager m, T t) {
        float[] f = new float[t.values().length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) t.values()[i];
        }
        NDArray a = m.create(f, new Shape(t.shape()));
        return t.dtype() == StoredDType.F16 ? a.toType(DataType.FLOAT16, false) : a;
    }

    private static String storedName(DataType t) {
        return t == DataType.FLOAT16 ? "F16" : t == DataType.FLOAT32 ? "F32" : t.name();
    }

    private static double[] values(NDArray x) {
        float[] f = x.toType(DataType.FLOAT32, false).toFloatArray();
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }

    @Test
    void saveAsHalfCastsMergedKeysOnlyButEverythingWithoutInterpolation() throws Exception {
        CheckpointInfo a = write("a", model(StoredDType.F32, 3), Map.of());
        CheckpointInfo b = write("b", model(StoredDType.F32, 4), Map.of());
        MergeResult ws = merger().merge(spec(a, b, null, MergeMethod.WEIGHTED_SUM, 0.5, true, ""));
        MergeResult none = merger().merge(spec(a, b, null, MergeMethod.NO_INTERPOLATION, 0.5, true, "^first_stage"));
        assertThat(none.name()).isEqualTo("a.safetensors");
        try (TensorFile ow = TensorFile.open(ws.file()); TensorFile on = TensorFile.open(none.file())) {
            assertThat(ow.dtype(W)).isEqualTo(StoredDType.F16);
            assertThat(ow.dtype(ALPHAS)).as("A1111 leaves unmerged keys as they are").isEqualTo(StoredDType.F32);
            assertThat(on.dtype(ALPHAS)).isEqualTo(StoredDType.F16);
            assertThat(on.keys()).as("discard regex").doesNotContain(VAE).contains(W, ALPHAS, POS);
            double[] w = read(on, W);
            double[] src = model(StoredDType.F32, 3).get(W).values();
            for (int i = 0; i < w.length; i++) {
                assertThat(w[i]).isEqualTo(HalfFloat.toFloat(HalfFloat.fromFloat((float) src[i])));
            }
        }
    }

    @Test
    void inpaintingAMergesItsFirstFourInputChannels() throws Exception {
        Map<String, T> ma = model(StoredDType.F32, 5);
        ma.put(CONV_IN, rand(StoredDType.F32, 50, 2, 9, 3, 3));
        Map<String, T> mb = model(StoredDType.F32, 6);
        mb.put(CONV_IN, rand(StoredDType.F32, 60, 2, 4, 3, 3));
        CheckpointInfo a = write("inp", ma, Map.of());
        CheckpointInfo b = write("b", mb, Map.of());
        MergeResult r = merger().merge(spec(a, b, null, MergeMethod.WEIGHTED_SUM, 0.25, false, ""));
        assertThat(r.name()).isEqualTo("0.75(inp) + 0.25(b).inpainting.safetensors");
        try (TensorFile out = TensorFile.open(r.file())) {
            double[] x = read(out, CONV_IN);
            double[] va = ma.get(CONV_IN).values();
            double[] vb = mb.get(CONV_IN).values();
            for (int o = 0; o < 2; o++) {
                for (int ch = 0; ch < 9; ch++) {
                    for (int k = 0; k < 9; k++) {
                        int ia = (o * 9 + ch) * 9 + k;
                        double expected = ch < 4
                                ? (float) 0.75 * (float) va[ia] + 0.25f * (float) vb[(o * 4 + ch) * 9 + k] : va[ia];
                        assertThat(x[ia]).as("o%d c%d k%d", o, ch, k).isEqualTo(expected);
                    }
                }
            }
        }
        assertThatThrownBy(() -> merger().merge(spec(b, a, null, MergeMethod.WEIGHTED_SUM, 0.25, false, "")))
                .isInstanceOf(MergeException.class).hasMessageContaining("A must be the inpainting model");
    }

    @Test
    void metadataRecordsTheRecipeAndTheModels() throws Exception {
        CheckpointInfo a = write("a", model(StoredDType.F32, 7), Map.of("modelspec.title", "A model"));
        CheckpointInfo b = write("b", model(StoredDType.F32, 8), Map.of());
        MergeSpec s = new MergeSpec(a, b, null, MergeMethod.WEIGHTED_SUM, 0.3, false, "mix", 3, "", true, true, true,
                "{\"author\": \"me\"}");
        MergeResult r = merger().merge(s);
        assertThat(r.name()).isEqualTo("mix.safetensors");
        String sa = ModelDownloader.sha256(a.filename());
        String sb = ModelDownloader.sha256(b.filename());
        try (TensorFile out = TensorFile.open(r.file())) {
            Map<String, String> meta = out.metadata();
            assertThat(meta).containsEntry("modelspec.title", "A model").containsEntry("author", "me")
                    .containsEntry("format", "pt");
            assertThat(meta.get("sd_merge_recipe")).isEqualTo("{\"type\": \"webui\", \"primary_model_hash\": \"" + sa
                    + "\", \"secondary_model_hash\": \"" + sb + "\", \"tertiary_model_hash\": null, \"interp_method\": "
                    + "\"Weighted sum\", \"multiplier\": 0.3, \"save_as_half\": false, \"custom_name\": \"mix\", "
                    + "\"config_source\": 3, \"bake_in_vae\": \"None\", \"discard_weights\": \"\", \"is_inpainting\": "
                    + "false, \"is_instruct_pix2pix\": false}");
            assertThat(meta.get("sd_merge_models")).isEqualTo("{\"" + sa + "\": {\"name\": \"a.safetensors\", "
                    + "\"legacy_hash\": \"0123abcd\", \"sd_merge_recipe\": null}, \"" + sb + "\": {\"name\": "
                    + "\"b.safetensors\", \"legacy_hash\": \"0123abcd\", \"sd_merge_recipe\": null}}");
        }
        // A merge of the merge lists the parents too.
        CheckpointInfo mix = new CheckpointInfo("mix.safetensors", "mix", r.file(), r.sha256(), "ffff0000", null);
        MergeResult r2 = merger().merge(spec(mix, a, null, MergeMethod.WEIGHTED_SUM, 0.5, false, ""));
        try (TensorFile out = TensorFile.open(r2.file())) {
            assertThat(out.metadata().get("sd_merge_models")).contains(r.sha256()).contains(sb)
                    .contains("\"sd_merge_recipe\": {\"type\": \"webui\"");
        }
    }

    @Test
    void refusesWhatA1111CannotMerge() throws Exception {
        CheckpointInfo a = write("a", model(StoredDType.F32, 1), Map.of());
        Map<String, T> other = model(StoredDType.F32, 2);
        other.put(VAE, rand(StoredDType.F32, 3, 6));
        CheckpointInfo b = write("b", other, Map.of());
        assertThatThrownBy(() -> merger().merge(spec(a, b, null, MergeMethod.WEIGHTED_SUM, 0.3, false, "")))
                .hasMessageContaining("Cannot merge " + VAE);
        assertThatThrownBy(() -> merger().merge(spec(a, null, null, MergeMethod.WEIGHTED_SUM, 0.3, false, "")))
                .hasMessage("Failed: Merging requires a secondary model.");
        assertThatThrownBy(() -> merger().merge(spec(a, a, null, MergeMethod.ADD_DIFFERENCE, 0.3, false, "")))
                .hasMessage("Failed: Interpolation method (Add difference) requires a tertiary model.");
        assertThatThrownBy(() -> merger().merge(spec(a, a, null, MergeMethod.WEIGHTED_SUM, 0.3, false, "(")))
                .hasMessageContaining("discard_weights is not a valid regular expression");
        assertThatThrownBy(() -> merger().merge(new MergeSpec(a, a, null, MergeMethod.WEIGHTED_SUM, 0.3, false,
                "../evil", 0, "", true, true, true, "{}"))).hasMessageContaining("without folders");
        assertThat(tmp.resolve("out")).satisfiesAnyOf(p -> assertThat(p).doesNotExist(),
                p -> assertThat(Files.list(p)).isEmpty());
    }

    @Test
    void ckptInputIsStreamedToo() throws Exception {
        Path dir = dev.sdwebui.testsupport.SharedReference.tinyDir();
        CheckpointInfo ck = new CheckpointInfo("tiny-fp16.ckpt", "tiny-fp16", dir.resolve("tiny-fp16.ckpt"), null, "x", null);
        MergeResult r = merger().merge(spec(ck, null, null, MergeMethod.NO_INTERPOLATION, 0.3, false, "^model_ema"));
        assertThat(r.name()).isEqualTo("tiny-fp16.safetensors");
        try (TensorFile out = TensorFile.open(r.file());
             TensorFile ref = TensorFile.open(dir.resolve("tiny-fp16.safetensors"))) {
            assertThat(out.keys()).isNotEmpty().allSatisfy(k -> assertThat(k).doesNotStartWith("model_ema"));
            for (String k : out.keys()) {
                assertThat(out.dtype(k)).as(k).isEqualTo(ref.dtype(k));
                assertThat(java.util.Arrays.equals(read(out, k), read(ref, k))).as(k).isTrue();
            }
        }
    }

    @Test
    void namesFollowPythonRounding() {
        assertThat(CheckpointMerger.round2(1 - 0.3)).isEqualTo("0.7");
        assertThat(CheckpointMerger.round2(1.0)).isEqualTo("1.0");
        assertThat(CheckpointMerger.round2(0.125)).isEqualTo("0.12");
        assertThat(CheckpointMerger.round2(0.0)).isEqualTo("0.0");
        assertThat(PyJson.repr(1e-05)).isEqualTo("1e-05");
    }
}
