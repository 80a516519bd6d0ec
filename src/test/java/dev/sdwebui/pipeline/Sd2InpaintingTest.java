package dev.sdwebui.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.sdwebui.model.detect.ModelFamily;
import dev.sdwebui.model.detect.PredictionType;
import dev.sdwebui.model.io.ReadOptions;
import dev.sdwebui.model.io.SafetensorsWriter;
import dev.sdwebui.model.io.StateDict;
import dev.sdwebui.model.io.StoredDType;
import dev.sdwebui.model.io.WeightsReader;
import dev.sdwebui.postprocess.ResizeMode;
import dev.sdwebui.testsupport.SharedReference;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An SD 2.x inpainting checkpoint (the sd2-tiny base with a 9-channel input conv, as SD 2's 512-inpainting has):
 * detected as SD 2.x inpainting, eps without A1111's v-test, and inpainting through img2img keeps the unmasked
 * half of the picture.
 */
@Tag("slow")
class Sd2InpaintingTest {

    private static final String IN = "model.diffusion_model.input_blocks.0.0.weight";

    @TempDir
    Path data;

    @Test
    void nineChannelSd2LoadsAndInpaints() throws Exception {
        Path file = data.resolve("sd2-inpainting.safetensors");
        writeInpainting(SharedReference.sharedDir().resolve("reference/sd2-tiny/sd2-base-fp32.safetensors"), file);
        try (Img2ImgFixture fx = new Img2ImgFixture(data, file, true, h -> h, null)) {
            BufferedImage init = Img2ImgPipelineTest.picture(64, 64);
            BufferedImage mask = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < 64; y++) {
                for (int x = 32; x < 64; x++) {
                    mask.setRGB(x, y, 0xffffff); // right half repainted
                }
            }
            GenerationRequest g = GenerationRequest.simple("a photo of a cat", 3, "Euler", 4, 64, 64)
                    .withOverrideSettings(Map.of("randn_source", "CPU"));
            GenerationResult r = fx.run(new Img2ImgRequest(g, List.of(init), mask, ResizeMode.CROP_AND_RESIZE, 0.75,
                    0, 0, true, 1, false, 0, false, 1.0, null));
            var model = fx.models.current().orElseThrow().model();
            assertThat(model.family()).isEqualTo(ModelFamily.SD2_INPAINTING);
            assertThat(model.prediction()).isEqualTo(PredictionType.EPS);
            assertThat(model.detection().reasons()).noneMatch(s -> s.contains("v-test:"));
            assertThat(model.unet().topology().inChannels()).isEqualTo(9);
            assertThat(r.infotexts().get(0)).contains("Conditional mask weight: 1.0");
            BufferedImage out = r.images().get(0);
            assertThat(out.getRGB(5, 5)).isEqualTo(init.getRGB(5, 5)); // unmasked: pasted back
        }
    }

    /** Every tensor as stored, the input conv widened from 4 to 9 channels (latent, mask, masked image). */
    private static void writeInpainting(Path from, Path to) throws Exception {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            StateDict sd = WeightsReader.read(from, m, ReadOptions.defaults());
            Map<String, float[]> values = new HashMap<>();
            List<SafetensorsWriter.TensorSpec> specs = new ArrayList<>();
            for (String k : sd.keys()) {
                NDArray a = sd.get(k);
                assertThat(a.getDataType()).isEqualTo(DataType.FLOAT32);
                long[] shape = a.getShape().getShape();
                float[] v = a.toFloatArray();
                if (k.equals(IN)) {
                    float[] wide = new float[(int) (shape[0] * 9 * 9)];
                    for (int o = 0; o < shape[0]; o++) {
                        for (int i = 0; i < 9; i++) {
                            for (int j = 0; j < 9; j++) {
                                wide[(o * 9 + i) * 9 + j] = i < 4 ? v[(o * 4 + i) * 9 + j] : 0.05f * ((o + i + j) % 5 - 2);
                            }
                        }
                    }
                    v = wide;
                    shape = new long[] {shape[0], 9, 3, 3};
                }
                values.put(k, v);
                specs.add(new SafetensorsWriter.TensorSpec(k, StoredDType.F32, shape));
            }
            SafetensorsWriter.write(to, specs, Map.of(), (spec, out) -> {
                for (float f : values.get(spec.name())) {
                    out.putFloat(f);
                }
            });
        }
    }
}
