package dev.sdwebui.model.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import dev.sdwebui.model.io.LdmTopology;
import dev.sdwebui.model.io.ReadOptions;
import dev.sdwebui.model.io.SafetensorsWriter;
import dev.sdwebui.model.io.StoredDType;
import dev.sdwebui.model.io.SyntheticCheckpoint;
import dev.sdwebui.testsupport.SharedReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointLoaderTest {

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

    @Test
    void tinyCheckpointLoadsAsSd1WithCanonicalKeys() throws Exception {
        try (LoadedCheckpoint c = CheckpointLoader.load(SharedReference.tinyDir().resolve("tiny-fp16.ckpt"), root,
                ReadOptions.defaults())) {
            assertThat(c.detection().family()).isEqualTo(ModelFamily.SD1);
            assertThat(c.weights().keys()).hasSize(976).contains("alphas_cumprod");
            assertThat(c.keys().ignored()).hasSize(3);
            assertThat(c.weights().withPrefix("model.diffusion_model.").keys()).hasSize(684);
        }
    }

    @Test
    void sdxlInpaintingIsRefusedBeforeAnyTensorIsRead() throws Exception {
        Path f = tmp.resolve("sdxl.safetensors");
        List<SafetensorsWriter.TensorSpec> specs = new ArrayList<>();
        ModelDetectorTest.sdxlBase(9).forEach((k, v) -> specs.add(new SafetensorsWriter.TensorSpec(k, StoredDType.F16, v)));
        SafetensorsWriter.write(f, specs, Map.of(), null);
        assertThatThrownBy(() -> CheckpointLoader.load(f, root, ReadOptions.defaults()))
                .isInstanceOf(UnsupportedModelException.class)
                .hasMessage("cannot load sdxl.safetensors: SDXL inpainting detected: not supported "
                        + "(this version runs SD 1.x, SD 2.x and SDXL base/refiner checkpoints)")
                .extracting(e -> ((UnsupportedModelException) e).detection().family())
                .isEqualTo(ModelFamily.SDXL_INPAINTING);
    }

    @Test
    void yamlBesideTheFileSetsVPrediction() throws Exception {
        Path f = tmp.resolve("tiny-v.safetensors");
        SyntheticCheckpoint.write(f, LdmTopology.tiny(), StoredDType.F16, SyntheticCheckpoint.Content.ZEROS, 0);
        assertThat(CheckpointLoader.detect(f, ReadOptions.defaults()).prediction()).isEqualTo(PredictionType.EPS);
        Files.writeString(tmp.resolve("tiny-v.yaml"), "model:\n  params:\n    parameterization: \"v\"\n");
        assertThat(CheckpointLoader.detect(f, ReadOptions.defaults()).prediction()).isEqualTo(PredictionType.V);
    }

    @Test
    void olderClipDialectLoadsUnderCanonicalNames() throws Exception {
        Path f = tmp.resolve("old-clip.safetensors");
        List<SafetensorsWriter.TensorSpec> specs = new ArrayList<>();
        for (SafetensorsWriter.TensorSpec s : SyntheticCheckpoint.tensors(LdmTopology.tiny(), StoredDType.F16)) {
            String name = s.name().replace("cond_stage_model.transformer.text_model.", "cond_stage_model.transformer.");
            specs.add(new SafetensorsWriter.TensorSpec(name, s.dtype(), s.shape()));
        }
        SafetensorsWriter.write(f, specs, Map.of(), null);
        try (LoadedCheckpoint c = CheckpointLoader.load(f, root, ReadOptions.raw())) {
            assertThat(c.detection().family()).isEqualTo(ModelFamily.SD1);
            assertThat(c.weights().withPrefix("cond_stage_model.transformer.text_model.").keys()).hasSize(36);
            assertThat(c.raw().keys()).noneMatch(k -> k.contains("text_model"));
        }
    }
}
