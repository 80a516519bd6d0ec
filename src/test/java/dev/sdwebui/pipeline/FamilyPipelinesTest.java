package dev.sdwebui.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sdwebui.postprocess.ResizeMode;
import dev.sdwebui.testsupport.SharedReference;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The other paths of the one generation loop for SD 2.x (768-v) and SDXL: a timestep sampler (DDIM, v converted to
 * eps), the hires fix (the SDXL size embeddings follow the second pass's size) and img2img run end to end and give
 * pictures of the expected size with content (no NaN check failure, not a flat image).
 */
@Tag("slow")
class FamilyPipelinesTest {

    @TempDir
    Path data;

    @ParameterizedTest
    @ValueSource(strings = {"sd2-tiny/sd2-v-fp32.safetensors", "sdxl-tiny/sdxl-base-fp32.safetensors"})
    void ddimHiresAndImg2ImgRun(String file) throws Exception {
        Path ckpt = SharedReference.sharedDir().resolve("reference").resolve(file);
        try (Img2ImgFixture fx = new Img2ImgFixture(data, ckpt, true, h -> h, null)) {
            GenerationRequest ddim = GenerationRequest.simple("a photo of a cat", 3, "DDIM", 4, 64, 64)
                    .withOverrideSettings(Map.of("randn_source", "CPU"));
            assertPicture(fx.run(ddim), 64, 64);
            GenerationRequest euler = GenerationRequest.simple("a photo of a cat", 3, "Euler a", 3, 64, 64)
                    .withOverrideSettings(Map.of("randn_source", "CPU"));
            GenerationResult hires = fx.queue.submit(fx.txt2img.withHires(
                    HiresOptions.scale(2, "Latent", 0.6)).job(euler)).await();
            assertPicture(hires, 128, 128);
            Img2ImgRequest i2i = new Img2ImgRequest(euler, List.of(Img2ImgPipelineTest.picture(64, 64)), null,
                    ResizeMode.CROP_AND_RESIZE, 0.5, 4, 4, true, 0, true, 0, false, 1.0, null);
            assertPicture(fx.run(i2i), 64, 64);
        }
    }

    private static void assertPicture(GenerationResult r, int w, int h) {
        BufferedImage img = r.images().get(0);
        assertThat(img.getWidth()).isEqualTo(w);
        assertThat(img.getHeight()).isEqualTo(h);
        long distinct = java.util.stream.IntStream.range(0, w * h).map(i -> img.getRGB(i % w, i / w)).distinct().count();
        assertThat(distinct).as("distinct colours").isGreaterThan(100);
    }
}
