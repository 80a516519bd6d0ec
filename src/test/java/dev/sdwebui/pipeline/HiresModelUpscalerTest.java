package dev.sdwebui.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import dev.sdwebui.postprocess.upscale.UpscaleModelCache;
import dev.sdwebui.postprocess.upscale.UpscalerCatalog;
import dev.sdwebui.tensor.script.TorchOps;
import dev.sdwebui.testsupport.SharedReference;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hires fix with a model upscaler picked by name (A1111's pixel path: decode, upscale with the model, resize,
 * encode; the resize itself is checked against A1111 by the upscale-tiny hires case).
 */
@Tag("slow")
class HiresModelUpscalerTest {

    @TempDir
    static Path data;
    static Img2ImgFixture fx;
    static NDManager manager;
    static TorchOps ops;
    static UpscaleModelCache cache;

    @BeforeAll
    static void start() throws Exception {
        Path models = Files.createDirectories(data.resolve("upscalers/ESRGAN"));
        Path ref = SharedReference.sharedDir().resolve("reference/upscale-tiny/models/esrgan-old-4x.pth");
        Files.copy(ref, models.resolve("esrgan-old-4x.pth"));
        manager = NDManager.newBaseManager("PyTorch");
        ops = TorchOps.load(manager);
        cache = new UpscaleModelCache(manager, () -> ops, false);
        UpscalerCatalog catalog = new UpscalerCatalog(Map.of("ESRGAN", models), cache, k -> k.endsWith("overlap") ? 8 : 192);
        fx = new Img2ImgFixture(data, PipelineFixture.tinyCheckpoint(), true, h -> h, null, catalog);
    }

    @AfterAll
    static void stop() {
        fx.close();
        cache.close();
        ops.close();
        manager.close();
    }

    static GenerationRequest base() {
        return GenerationRequest.simple("a photo of a cat", 42, "Euler a", 4, 64, 64)
                .withOverrideSettings(Map.of("randn_source", "CPU"));
    }

    BufferedImage run(String upscaler) throws Exception {
        GenerationResult r = fx.queue.submit(fx.txt2img.withHires(HiresOptions.scale(2, upscaler, 0.5)).job(base()))
                .await();
        assertThat(r.infotexts().get(0)).contains("Hires upscaler: " + upscaler);
        return r.images().get(0);
    }

    @Test
    void modelUpscalerRunsOnThePixelPath() throws Exception {
        BufferedImage lanczos = run("Lanczos");
        assertThat(cache.loadedFile()).isEmpty();
        BufferedImage model = run("esrgan-old-4x");
        assertThat(cache.loadedFile()).hasValueSatisfying(p -> assertThat(p.getFileName().toString())
                .isEqualTo("esrgan-old-4x.pth"));
        assertThat(model.getWidth()).isEqualTo(128);
        assertThat(model.getHeight()).isEqualTo(128);
        boolean differs = false;
        for (int y = 0; y < 128 && !differs; y++) {
            for (int x = 0; x < 128; x++) {
                if (model.getRGB(x, y) != lanczos.getRGB(x, y)) {
                    differs = true;
                    break;
                }
            }
        }
        assertThat(differs).as("the model's picture differs from Lanczos'").isTrue();
    }

    @Test
    void unknownModelNameIsRefused() {
        assertThatThrownBy(() -> fx.txt2img.withHires(HiresOptions.scale(2, "4x-UltraSharp", 0.5)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("4x-UltraSharp");
    }
}
