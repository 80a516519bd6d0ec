package dev.sdwebui.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sdwebui.model.io.LdmTopology;
import dev.sdwebui.model.io.StoredDType;
import dev.sdwebui.model.io.SyntheticCheckpoint;
import dev.sdwebui.sampling.denoise.NoisePredictor;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An inpainting checkpoint (tiny shapes, 9 UNet input channels, random weights): the UNet receives
 * [x, mask, masked-image latent] and the mask channel is 1 inside the (rounded) mask.
 */
@Tag("slow")
class InpaintingCheckpointTest {

    @TempDir
    Path data;

    @Test
    void unetGetsTheMaskAndMaskedImageLatent() throws Exception {
        Path ckpt = Files.createDirectories(data.resolve("models")).resolve("tiny-inpainting.safetensors");
        SyntheticCheckpoint.write(ckpt, LdmTopology.tiny().withUnetInChannels(9), StoredDType.F32,
                SyntheticCheckpoint.Content.RANDOM, 3);
        List<float[]> maskChannels = new ArrayList<>();
        java.util.function.UnaryOperator<NoisePredictor> hook = unet -> (x, t, ctx) -> {
            assertThat(x.getShape().get(1)).isEqualTo(9);
            maskChannels.add(x.get(":, 4:5, :, :").toFloatArray());
            return unet.predict(x, t, ctx);
        };
        try (Img2ImgFixture fx = new Img2ImgFixture(data, ckpt, false, hook, null)) {
            BufferedImage mask = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < 64; y++) {
                for (int x = 32; x < 64; x++) {
                    mask.setRGB(x, y, 0xffffff);
                }
            }
            GenerationRequest g = GenerationRequest.simple("a cat", 1, "Euler", 3, 64, 64)
                    .withOverrideSettings(Map.of("randn_source", "CPU"));
            Img2ImgRequest r = Img2ImgRequest.of(g, List.of(Img2ImgPipelineTest.picture(64, 64)), 0.8)
                    .withMask(mask, 0, 1, false, 0, false);
            GenerationResult res = fx.run(r);
            assertThat(res.info().isUsingInpaintingConditioning()).isTrue();
            assertThat(res.infotexts().get(0)).contains("Conditional mask weight: 1.0");
        }
        assertThat(maskChannels).isNotEmpty();
        float[] m = maskChannels.get(0); // [rows, 1, 8, 8]: left half 0, right half 1
        assertThat(m[0]).isZero();
        assertThat(m[7]).isEqualTo(1f);
    }
}
