package dev.sdwebui.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import com.google.gson.JsonObject;
import dev.sdwebui.nn.LoadOptions;
import dev.sdwebui.nn.SdModel;
import dev.sdwebui.nn.SdModelLoader;
import dev.sdwebui.prompt.cond.ChunkSettings;
import dev.sdwebui.prompt.cond.EmbeddingMatcher;
import dev.sdwebui.prompt.cond.PromptConditioner;
import dev.sdwebui.prompt.cond.ScheduleSpec;
import dev.sdwebui.prompt.token.BpeVocabulary;
import dev.sdwebui.prompt.token.ClipTokenizer;
import dev.sdwebui.testsupport.Npy;
import dev.sdwebui.testsupport.SharedReference;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * SDXL conditioning exactly as A1111's sd_models_xl.get_learned_conditioning, through the prompt package:
 * crossattn [CLIP-L | bigG] and vector [pooled | sizes | crop | target] (refiner: aesthetic score 6.0 / 2.5)
 * for every sdxl-tiny case, the empty negative prompt's text parts zeroed; 1e-5 relative.
 */
class SdxlConditioningParityTest {

    private static final SdxlTextEncoder.Options OPTIONS = new SdxlTextEncoder.Options(false, 6.0, 2.5);

    @Test
    void baseAndRefinerConditioningMatchTheReference() throws Exception {
        Path xl = SharedReference.sharedDir().resolve("reference/sdxl-tiny");
        ClipTokenizer tokenizer = new ClipTokenizer(BpeVocabulary.bundled());
        try (NDManager root = NDManager.newBaseManager("PyTorch");
             SdModel base = SdModelLoader.load(xl.resolve("sdxl-base-fp32.safetensors"), root, LoadOptions.defaults());
             SdModel refiner = SdModelLoader.load(xl.resolve("sdxl-refiner-fp32.safetensors"), root, LoadOptions.defaults())) {
            JniUtils.setGradMode(false);
            List<Path> cases = FamilyParityTest.cases(xl.resolve("cases"));
            assertThat(cases).hasSize(5);
            for (Path c : cases) {
                check(base, tokenizer, c, "", root);
            }
            check(refiner, tokenizer, xl.resolve("cases/x06_refiner_euler_a_karras_64_cfg7_switch0.6"), "refiner_", root);
            check(base, tokenizer, xl.resolve("cases/x06_refiner_euler_a_karras_64_cfg7_switch0.6"), "", root);
        }
    }

    private static void check(SdModel model, ClipTokenizer tokenizer, Path dir, String prefix, NDManager root)
            throws Exception {
        JsonObject c = TinyTxt2ImgParityTest.caseOf(dir);
        SdxlTextEncoder text = new SdxlTextEncoder(model.textEncoder(), model.openClip(), OPTIONS);
        SdxlUNet unet = new SdxlUNet(model.unet(), text.pooledWidth(), text.refiner(), 0, 0);
        try (NDManager m = root.newSubManager()) {
            PromptConditioner conditioner = new PromptConditioner(text, tokenizer, ChunkSettings.DEFAULTS,
                    EmbeddingMatcher.NONE, m);
            ScheduleSpec spec = ScheduleSpec.of(c.get("steps").getAsInt());
            NDArray cond = conditioner.multicond(List.of(c.get("prompt").getAsString()), spec).batch().get(0).get(0)
                    .schedule().at(1);
            NDArray uncond = conditioner.learned(c.get("negative_prompt").getAsString(), spec).at(1);
            NDArray x = m.zeros(new ai.djl.ndarray.types.Shape(1, 4, c.get("height").getAsInt() / 8,
                    c.get("width").getAsInt() / 8));
            int ctx = text.contextWidth();
            for (String which : List.of("cond", "uncond")) {
                NDArray packed = (which.equals("cond") ? cond : uncond).expandDims(0); // [1, 77, C']
                String name = dir.getFileName() + " " + prefix + which;
                assertThat(rel(packed.get(":, :, 0:{}", ctx), dir.resolve(prefix + which + "_crossattn.npy")))
                        .as(name + " crossattn").isLessThan(1e-5);
                NDArray vector = unet.vector(packed.get(":, 0, :"), x, ctx, m);
                assertThat(rel(vector, dir.resolve(prefix + which + "_vector.npy"))).as(name + " vector").isLessThan(1e-5);
            }
            if (c.get("negative_prompt").getAsString().isEmpty()) {
                assertThat(uncond.get(":, 0:{}", ctx).abs().max().getFloat()).isZero();
            }
        }
    }

    private static double rel(NDArray got, Path want) {
        float[] a = got.toFloatArray();
        float[] b = Npy.read(want).floats();
        assertThat(a).hasSameSizeAs(b);
        double mx = 1e-30;
        double md = 0;
        for (int i = 0; i < b.length; i++) {
            mx = Math.max(mx, Math.abs(b[i]));
            md = Math.max(md, Math.abs(a[i] - b[i]));
        }
        return md / mx;
    }
}
