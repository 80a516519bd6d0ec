package dev.sdwebui.model.detect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sdwebui.model.io.LdmTopology;
import dev.sdwebui.model.io.SafetensorsWriter;
import dev.sdwebui.model.io.StoredDType;
import dev.sdwebui.model.io.SyntheticCheckpoint;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Family detection from in-memory key -> shape maps (no files, no tensors). */
class ModelDetectorTest {

    static Map<String, long[]> shapes(LdmTopology t) {
        Map<String, long[]> m = new TreeMap<>();
        for (SafetensorsWriter.TensorSpec s : SyntheticCheckpoint.tensors(t, StoredDType.F16)) {
            m.put(s.name(), s.shape());
        }
        return m;
    }

    /** SD 1.5 turned into SD 2.x: OpenCLIP-H text encoder (width 1024), UNet context 1024. */
    static Map<String, long[]> sd2(int inChannels) {
        Map<String, long[]> m = new TreeMap<>();
        shapes(LdmTopology.sd15().withUnetInChannels(inChannels)).forEach((k, v) -> {
            if (k.startsWith("cond_stage_model.")) {
                return;
            }
            m.put(k, k.endsWith("attn2.to_k.weight") || k.endsWith("attn2.to_v.weight") ? new long[] {v[0], 1024} : v);
        });
        m.put("cond_stage_model.model.token_embedding.weight", new long[] {49408, 1024});
        m.put("cond_stage_model.model.transformer.resblocks.0.attn.in_proj_weight", new long[] {3072, 1024});
        m.put("cond_stage_model.model.ln_final.weight", new long[] {1024});
        return m;
    }

    static Map<String, long[]> sdxlBase(int inChannels) {
        Map<String, long[]> m = new TreeMap<>();
        m.put("model.diffusion_model.input_blocks.0.0.weight", new long[] {320, inChannels, 3, 3});
        m.put("model.diffusion_model.label_emb.0.0.weight", new long[] {1280, 2816});
        m.put("model.diffusion_model.input_blocks.4.1.transformer_blocks.0.attn2.to_k.weight", new long[] {640, 2048});
        m.put("conditioner.embedders.0.transformer.text_model.embeddings.token_embedding.weight", new long[] {49408, 768});
        m.put("conditioner.embedders.1.model.ln_final.weight", new long[] {1280});
        m.put("first_stage_model.decoder.conv_in.weight", new long[] {512, 4, 3, 3});
        return m;
    }

    @Test
    void sd15AndTinyAreSd1Eps() {
        for (LdmTopology t : new LdmTopology[] {LdmTopology.sd15(), LdmTopology.tiny()}) {
            ModelDetection d = ModelDetector.detect(shapes(t));
            assertThat(d.family()).as(t.toString()).isEqualTo(ModelFamily.SD1);
            assertThat(d.prediction()).isEqualTo(PredictionType.EPS);
            assertThat(d.reasons()).anyMatch(r -> r.contains("= UNet context"));
            assertThat(d.describe()).isEqualTo("SD 1.x (eps)");
        }
    }

    @Test
    void sd1InpaintingHasNineInputChannels() {
        ModelDetection d = ModelDetector.detect(shapes(LdmTopology.sd15().withUnetInChannels(9)));
        assertThat(d.family()).isEqualTo(ModelFamily.SD1_INPAINTING);
        assertThat(d.family().runnable()).isTrue();
        assertThat(d.reasons()).anyMatch(r -> r.contains("9 input channels"));
        assertThat(ModelDetector.detect(shapes(LdmTopology.sd15().withUnetInChannels(8))).family())
                .isEqualTo(ModelFamily.SD1_INSTRUCT_PIX2PIX);
        assertThat(ModelDetector.detect(shapes(LdmTopology.sd15().withUnetInChannels(5))).family())
                .isEqualTo(ModelFamily.UNKNOWN);
    }

    @Test
    void sd2IsOpenClipAndVFromYaml() {
        ModelDetection eps = ModelDetector.detect(sd2(4));
        assertThat(eps.family()).isEqualTo(ModelFamily.SD2);
        assertThat(eps.prediction()).isEqualTo(PredictionType.EPS);
        assertThat(eps.reasons()).anyMatch(r -> r.contains("OpenCLIP text encoder of width 1024"));
        assertThat(eps.describe()).isEqualTo("SD 2.x (eps)");
        assertThat(eps.predictionFromConfig()).isFalse();
        assertThat(eps.reasons()).anyMatch(r -> r.contains("v-test"));

        String yaml = "model:\n  target: ldm.models.diffusion.ddpm.LatentDiffusion\n  params:\n"
                + "    parameterization: \"v\"  # 768-v\n    linear_start: 0.00085\n";
        ModelDetection v = ModelDetector.detect(sd2(4), Optional.of(yaml));
        assertThat(v.prediction()).isEqualTo(PredictionType.V);
        assertThat(v.reasons()).contains("config yaml: parameterization v");
        assertThat(v.predictionFromConfig()).isTrue();
        assertThat(ModelDetector.detect(sd2(9)).family()).isEqualTo(ModelFamily.SD2_INPAINTING);
        assertThat(ModelDetector.detect(shapes(LdmTopology.sd15()), Optional.of("parameterization: eps\n")).prediction())
                .isEqualTo(PredictionType.EPS);
    }

    @Test
    void sdxlBaseInpaintAndRefiner() {
        ModelDetection base = ModelDetector.detect(sdxlBase(4));
        assertThat(base.family()).isEqualTo(ModelFamily.SDXL);
        assertThat(base.describe()).isEqualTo("SDXL (eps)");
        ModelDetection inpaint = ModelDetector.detect(sdxlBase(9));
        assertThat(inpaint.family()).isEqualTo(ModelFamily.SDXL_INPAINTING);
        assertThat(inpaint.describe()).startsWith("SDXL inpainting detected: not supported");

        Map<String, long[]> refiner = new TreeMap<>();
        refiner.put("model.diffusion_model.input_blocks.0.0.weight", new long[] {384, 4, 3, 3});
        refiner.put("model.diffusion_model.label_emb.0.0.weight", new long[] {1536, 2560});
        refiner.put("conditioner.embedders.0.model.ln_final.weight", new long[] {1280});
        assertThat(ModelDetector.detect(refiner).family()).isEqualTo(ModelFamily.SDXL_REFINER);

        Map<String, long[]> unetOnly = new TreeMap<>(sdxlBase(4));
        unetOnly.keySet().removeIf(k -> k.startsWith("conditioner."));
        ModelDetection unet = ModelDetector.detect(unetOnly);
        assertThat(unet.family()).isEqualTo(ModelFamily.UNKNOWN);
        assertThat(unet.describe()).contains("SDXL-style UNet without SDXL's text encoders");
    }

    @Test
    void otherFamiliesAndUnknowns() {
        assertThat(ModelDetector.detect(Map.of("model.diffusion_model.x_embedder.proj.weight", new long[] {1536, 16, 2, 2}))
                .family()).isEqualTo(ModelFamily.SD3);
        Map<String, long[]> vaeOnly = new TreeMap<>(shapes(LdmTopology.sd15()));
        vaeOnly.keySet().removeIf(k -> !k.startsWith("first_stage_model."));
        ModelDetection v = ModelDetector.detect(vaeOnly);
        assertThat(v.family()).isEqualTo(ModelFamily.UNKNOWN);
        assertThat(v.describe()).contains("no UNet");

        Map<String, long[]> noClip = new TreeMap<>(shapes(LdmTopology.sd15()));
        noClip.keySet().removeIf(k -> k.startsWith("cond_stage_model."));
        assertThat(ModelDetector.detect(noClip).reasons()).anyMatch(r -> r.contains("no CLIP text encoder"));

        Map<String, long[]> mismatch = new TreeMap<>(shapes(LdmTopology.sd15()));
        mismatch.put("cond_stage_model.transformer.text_model.embeddings.token_embedding.weight", new long[] {49408, 1024});
        assertThat(ModelDetector.detect(mismatch).family()).isEqualTo(ModelFamily.UNKNOWN);
    }
}
