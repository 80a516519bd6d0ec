package dev.sdwebui.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import dev.sdwebui.model.detect.ClipTopology;
import dev.sdwebui.model.detect.UNetTopology;
import dev.sdwebui.model.detect.VaeTopology;
import dev.sdwebui.model.io.ReadOptions;
import dev.sdwebui.model.io.SafetensorsWriter;
import dev.sdwebui.model.io.SafetensorsWriter.TensorSpec;
import dev.sdwebui.model.io.StateDict;
import dev.sdwebui.model.io.StoredDType;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The loader consumes exactly the SD 1.5 key set (sparse zero-filled fp16 safetensors with the real
 * shapes, read without upcast so nothing is paged in) and derives SD 1.5's topology from shapes.
 */
class SdModelLoaderKeysTest {

    @TempDir
    Path dir;

    private Path write(Map<String, long[]> floats, boolean withExtras) throws Exception {
        List<TensorSpec> specs = new ArrayList<>();
        floats.forEach((k, s) -> specs.add(new TensorSpec(k, StoredDType.F16, s)));
        if (withExtras) {
            Sd15KeySet.extras().forEach((k, s) -> specs.add(new TensorSpec(k, StoredDType.F32, s)));
            specs.add(new TensorSpec("cond_stage_model.transformer.text_model.embeddings.position_ids",
                    StoredDType.I64, new long[] {1, 77}));
        }
        Path f = dir.resolve("sd15.safetensors");
        SafetensorsWriter.write(f, specs, Map.of(), null);
        return f;
    }

    @Test
    void sd15KeySetLoadsWithNoMissingAndNoUnexpectedKeys() throws Exception {
        Map<String, long[]> keys = Sd15KeySet.all();
        assertThat(keys.keySet().stream().filter(k -> k.startsWith("model.diffusion_model.")).count()).isEqualTo(686);
        assertThat(keys.keySet().stream().filter(k -> k.startsWith("cond_stage_model.")).count()).isEqualTo(196);
        Path f = write(keys, true);
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            JniUtils.setGradMode(false);
            try (SdModel model = SdModelLoader.load(f, m, new LoadOptions(ReadOptions.raw(), "sdpa"))) {
                assertThat(model.unusedKeys()).isEmpty();
                UNetTopology u = model.unet().topology();
                assertThat(u.modelChannels()).isEqualTo(320);
                assertThat(u.channelMult()).containsExactly(1, 2, 4, 4);
                assertThat(u.numResBlocks()).isEqualTo(2);
                assertThat(u.attentionLevels()).containsExactly(0, 1, 2);
                assertThat(u.contextDim()).isEqualTo(768);
                assertThat(u.transformerDepth()).isEqualTo(1);
                assertThat(u.headsFor(640)).isEqualTo(8);
                assertThat(u.linearProjection()).isFalse();
                VaeTopology v = model.vae().topology();
                assertThat(v.ch()).isEqualTo(128);
                assertThat(v.chMult()).containsExactly(1, 2, 4, 4);
                assertThat(v.numResBlocks()).isEqualTo(2);
                assertThat(v.zChannels()).isEqualTo(4);
                ClipTopology c = model.textEncoder().topology();
                assertThat(c.width()).isEqualTo(768);
                assertThat(c.layers()).isEqualTo(12);
                assertThat(c.heads()).isEqualTo(12);
                assertThat(c.mlpWidth()).isEqualTo(3072);
                assertThat(model.family()).isEqualTo(dev.sdwebui.model.detect.ModelFamily.SD1);
            }
        }
    }

    @Test
    void anUnknownKeyIsReportedAndAMissingKeyFailsWithItsName() throws Exception {
        Map<String, long[]> keys = new java.util.LinkedHashMap<>(Sd15KeySet.all());
        keys.put("model.diffusion_model.extra_thing.weight", new long[] {4});
        Path f = write(keys, false);
        try (NDManager m = NDManager.newBaseManager("PyTorch");
                SdModel model = SdModelLoader.load(f, m, new LoadOptions(ReadOptions.raw(), "plain"))) {
            assertThat(model.unusedKeys()).containsExactly("model.diffusion_model.extra_thing.weight");
            assertThat(model.alphasCumprod()).hasSize(1000);
        }
        keys.remove("model.diffusion_model.input_blocks.4.0.skip_connection.weight");
        keys.remove("model.diffusion_model.extra_thing.weight");
        Path g = write(keys, false);
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            assertThatThrownBy(() -> SdModelLoader.load(g, m, new LoadOptions(ReadOptions.raw(), "sdpa")))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("model.diffusion_model.input_blocks.4.0.skip_connection.weight");
        }
    }

    @Test
    void unsupportedFamiliesAndUnetlessFilesAreRefused() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            StateDict xl = StateDict.owning(m.newSubManager(), Map.of(
                    "conditioner.embedders.0.transformer.text_model.final_layer_norm.weight", m.zeros(new Shape(768))), Map.of());
            assertThatThrownBy(() -> SdModelLoader.build(xl, dev.sdwebui.model.detect.ModelFamily.SDXL, xl, LoadOptions.defaults()))
                    .hasMessageContaining("not an LDM single-file Stable Diffusion checkpoint");
            StateDict depth = StateDict.owning(m.newSubManager(), Map.of(
                    "cond_stage_model.model.ln_final.weight", m.zeros(new Shape(1024))), Map.of());
            assertThatThrownBy(() -> SdModelLoader.build(depth, dev.sdwebui.model.detect.ModelFamily.SD2_DEPTH, depth,
                    LoadOptions.defaults())).hasMessageStartingWith("SD 2.x depth detected: not supported");
        }
    }

    /** Two independent enumerations of SD 1.5 (ours, and model.io's SyntheticCheckpoint) agree key for key. */
    @Test
    void ourSd15KeySetEqualsSyntheticCheckpoint() {
        Map<String, List<Long>> theirs = new java.util.TreeMap<>();
        for (TensorSpec t : dev.sdwebui.model.io.SyntheticCheckpoint.tensors(dev.sdwebui.model.io.LdmTopology.sd15(), StoredDType.F16)) {
            theirs.put(t.name(), java.util.Arrays.stream(t.shape()).boxed().toList());
        }
        Map<String, List<Long>> ours = new java.util.TreeMap<>();
        Sd15KeySet.all().forEach((k, v) -> ours.put(k, java.util.Arrays.stream(v).boxed().toList()));
        Map<String, List<Long>> theirFloats = new java.util.TreeMap<>(theirs);
        theirFloats.keySet().removeIf(k -> Sd15KeySet.extras().containsKey(k) || k.endsWith("position_ids"));
        assertThat(ours).isEqualTo(theirFloats);
    }

    @Test
    void syntheticSd15CheckpointFromModelIoLoadsCleanly() throws Exception {
        Path f = dir.resolve("synthetic.safetensors");
        dev.sdwebui.model.io.SyntheticCheckpoint.write(f, dev.sdwebui.model.io.LdmTopology.sd15(), StoredDType.F16,
                dev.sdwebui.model.io.SyntheticCheckpoint.Content.ZEROS, 0);
        try (NDManager m = NDManager.newBaseManager("PyTorch");
                SdModel model = SdModelLoader.load(f, m, new LoadOptions(ReadOptions.raw(), "sdpa"))) {
            assertThat(model.unusedKeys()).isEmpty();
        }
    }
}
