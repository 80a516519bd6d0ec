package dev.sdwebui.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import dev.sdwebui.postprocess.ImageConversion;
import dev.sdwebui.postprocess.Masks;
import dev.sdwebui.postprocess.Pixels;
import dev.sdwebui.postprocess.ResizeMode;
import dev.sdwebui.tensor.rng.RandomSources;
import ai.djl.Device;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** img2img and inpainting through the queue with the tiny reference checkpoint. */
@Tag("slow")
class Img2ImgPipelineTest {

    @TempDir
    static Path data;
    @TempDir
    static Path zeroData;
    static Img2ImgFixture fx;
    /** The same checkpoint with the VAE encoder bypassed: every init latent is 0. */
    static Img2ImgFixture zero;

    @BeforeAll
    static void start() throws Exception {
        fx = new Img2ImgFixture(data, h -> h, null);
        zero = new Img2ImgFixture(zeroData, h -> h, m -> (images, seeds, manager) -> manager.zeros(
                new ai.djl.ndarray.types.Shape(images.getShape().get(0), 4, images.getShape().get(2) / 8,
                        images.getShape().get(3) / 8)));
    }

    @AfterAll
    static void stop() {
        fx.close();
        zero.close();
    }

    /** A smooth colourful 64x64 picture. */
    static BufferedImage picture(int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, ((x * 4) & 255) << 16 | ((y * 4) & 255) << 8 | ((x + y) * 2 & 255));
            }
        }
        return img;
    }

    static GenerationRequest base(String sampler, int steps, int w, int h) {
        return GenerationRequest.simple("a photo of a cat", 42, sampler, steps, w, h)
                .withOverrideSettings(Map.of("randn_source", "CPU"));
    }

    static int maxDiff(BufferedImage a, BufferedImage b) {
        assertThat(a.getWidth()).isEqualTo(b.getWidth());
        assertThat(a.getHeight()).isEqualTo(b.getHeight());
        int max = 0;
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                for (int s = 0; s <= 16; s += 8) {
                    max = Math.max(max, Math.abs(((a.getRGB(x, y) >> s) & 255) - ((b.getRGB(x, y) >> s) & 255)));
                }
            }
        }
        return max;
    }

    @Test
    void loraTagsApplyInImg2ImgAndAreUndoneAfterwards() throws Exception {
        Path lora = dev.sdwebui.testsupport.SharedReference.sharedDir()
                .resolve("reference/lora-tiny/networks/tiny-lora.safetensors");
        Path link = fx.loraDir.resolve("tiny-lora.safetensors");
        if (!Files.exists(link)) {
            Files.createSymbolicLink(link, lora);
        }
        fx.networks.loras().refresh();
        BufferedImage in = picture(64, 64);
        GenerationRequest plain = base("Euler", 4, 64, 64);
        GenerationRequest tagged = GenerationRequest.simple("a photo of a cat <lora:tiny-lora:1>", 42, "Euler", 4, 64, 64)
                .withOverrideSettings(Map.of("randn_source", "CPU"));
        GenerationResult a = fx.run(Img2ImgRequest.of(plain, List.of(in), 0.6));
        GenerationResult b = fx.run(Img2ImgRequest.of(tagged, List.of(in), 0.6));
        GenerationResult c = fx.run(Img2ImgRequest.of(plain, List.of(in), 0.6));
        assertThat(rgb(b.images().get(0))).isNotEqualTo(rgb(a.images().get(0)));
        assertThat(b.infotexts().get(0)).contains("Lora hashes: \"tiny-lora: 0ff38a476351\"");
        assertThat(rgb(c.images().get(0))).isEqualTo(rgb(a.images().get(0)));
    }

    private static int[] rgb(BufferedImage img) {
        return img.getRGB(0, 0, img.getWidth(), img.getHeight(), null, 0, img.getWidth());
    }

    @Test
    void denoisingZeroReturnsTheVaeRoundTrip() throws Exception {
        BufferedImage in = picture(64, 64);
        GenerationResult r = fx.run(Img2ImgRequest.of(base("Euler", 8, 64, 64), List.of(in), 0.0));
        // Expected: (mean + std * randn(seed 42)) * 0.18215 decoded, computed here without the pipeline.
        BufferedImage want;
        try (NDManager m = NDManager.newBaseManager()) {
            JniUtils.setGradMode(false);
            LoadedModel model = fx.models.require(null);
            NDArray x = InitLatents.toTensor(List.of(Pixels.of(in)), 1, m);
            NDArray z = InitLatents.vae(model.model(), new RandomSources(Device.cpu()).byName("CPU")).encode(x, List.of(42L), m);
            float[] px = model.model().vae().decode(z.mul(1 / model.model().vae().scaleFactor())).toFloatArray();
            want = ImageConversion.toImages(px, 1, 64, 64).get(0);
        }
        assertThat(maxDiff(r.images().get(0), want)).isLessThanOrEqualTo(1);
        assertThat(r.infotexts().get(0)).contains("Denoising strength: 0.0");
    }

    @Test
    void denoisingOneEqualsTxt2ImgWhenTheInitLatentIsZero() throws Exception {
        // k-diffusion img2img: t_enc = int(0.999 * steps) = steps - 1, so sigma_sched is the whole schedule and
        // xi = init + noise * sigma_max. With init = 0 this is txt2img's x = noise * sigma_max; the same
        // generator then feeds the ancestral noise, so every image must be identical.
        for (String sampler : List.of("Euler a", "Euler", "DPM++ 2M")) {
            GenerationRequest g = base(sampler, 8, 64, 64);
            BufferedImage t2i = zero.run(g).images().get(0);
            BufferedImage i2i = zero.run(Img2ImgRequest.of(g, List.of(picture(64, 64)), 1.0)).images().get(0);
            assertThat(maxDiff(i2i, t2i)).as(sampler).isZero();
        }
    }

    @Test
    void inpaintKeepsEveryPixelOutsideTheBlurredMask() throws Exception {
        BufferedImage in = picture(64, 64);
        BufferedImage mask = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        for (int y = 20; y < 40; y++) {
            for (int x = 16; x < 36; x++) {
                mask.setRGB(x, y, 0xffffff);
            }
        }
        Img2ImgRequest r = Img2ImgRequest.of(base("Euler a", 6, 64, 64), List.of(in), 0.75)
                .withMask(mask, 4, 1, false, 0, false);
        BufferedImage out = fx.run(r).images().get(0);
        Pixels blurred = Masks.gaussianBlur(Masks.gaussianBlur(Masks.binary(Pixels.of(mask), true), 4, true), 4, false);
        int outside = 0;
        int changedInside = 0;
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                if (blurred.get(x, y, 0) == 0) {
                    assertThat(out.getRGB(x, y) & 0xffffff).as("(%d,%d)", x, y).isEqualTo(in.getRGB(x, y) & 0xffffff);
                    outside++;
                } else if (blurred.get(x, y, 0) >= 128 && (out.getRGB(x, y) & 0xffffff) != (in.getRGB(x, y) & 0xffffff)) {
                    changedInside++;
                }
            }
        }
        assertThat(outside).isGreaterThan(2000);
        assertThat(changedInside).isGreaterThan(100);
    }

    @Test
    void onlyMaskedPastesTheRegionBackAtTheOriginalSize() throws Exception {
        BufferedImage in = picture(96, 80);
        BufferedImage mask = new BufferedImage(96, 80, BufferedImage.TYPE_INT_RGB);
        for (int y = 30; y < 50; y++) {
            for (int x = 40; x < 60; x++) {
                mask.setRGB(x, y, 0xffffff);
            }
        }
        Img2ImgRequest r = Img2ImgRequest.of(base("Euler", 4, 64, 64), List.of(in), 0.6)
                .withMask(mask, 0, 0, true, 8, false);
        GenerationResult res = fx.run(r);
        BufferedImage out = res.images().get(0);
        assertThat(out.getWidth()).isEqualTo(96);
        assertThat(out.getHeight()).isEqualTo(80);
        assertThat(out.getRGB(2, 2) & 0xffffff).isEqualTo(in.getRGB(2, 2) & 0xffffff);
        assertThat(res.infotexts().get(0)).contains("Inpaint area: Only masked").contains("Masked area padding: 8")
                .contains("Masked content: fill");
    }

    @Test
    void latentResizeModeBatchAndTimestepSampler() throws Exception {
        Img2ImgRequest r = Img2ImgRequest.of(base("DDIM", 6, 64, 64).withBatch("", 2, 1), List.of(picture(128, 96), picture(128, 96)), 0.5)
                .withResizeMode(ResizeMode.LATENT_UPSCALE);
        GenerationResult res = fx.run(r);
        assertThat(res.images()).hasSizeGreaterThanOrEqualTo(2);
        assertThat(res.images().get(res.images().size() - 1).getWidth()).isEqualTo(64);
        assertThat(res.info().batchSize()).isEqualTo(2);
    }

    @Test
    void colorCorrectionAndNoiseMultiplierRun() throws Exception {
        GenerationRequest g = GenerationRequest.simple("a photo of a cat", 42, "Euler", 4, 64, 64)
                .withOverrideSettings(Map.of("randn_source", "CPU", "img2img_color_correction", true));
        Img2ImgRequest r = new Img2ImgRequest(g, List.of(picture(64, 64)), null, ResizeMode.CROP_AND_RESIZE, 0.5, 4, 4,
                true, 0, true, 0, false, 0.9, null);
        GenerationResult res = fx.run(r);
        assertThat(res.images()).hasSize(1);
        assertThat(res.infotexts().get(0)).contains("Noise multiplier: 0.9");
    }
}
