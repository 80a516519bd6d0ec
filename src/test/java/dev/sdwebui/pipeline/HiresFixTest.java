package dev.sdwebui.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** txt2img with the hires fix through the queue (tiny checkpoint), and A1111's target arithmetic. */
@Tag("slow")
class HiresFixTest {

    @TempDir
    static Path data;
    static Img2ImgFixture fx;

    @BeforeAll
    static void start() throws Exception {
        fx = new Img2ImgFixture(data, h -> h, null);
    }

    @AfterAll
    static void stop() {
        fx.close();
    }

    static GenerationRequest base() {
        return GenerationRequest.simple("a photo of a cat", 42, "Euler a", 4, 64, 64)
                .withOverrideSettings(Map.of("randn_source", "CPU"));
    }

    GenerationResult run(HiresOptions h) throws Exception {
        return fx.queue.submit(fx.txt2img.withHires(h).job(base())).await();
    }

    @Test
    void targetResolutionAsA1111() {
        assertThat(HiresOptions.scale(2, null, 0.7).target(512, 768)).containsExactly(1024, 1536, 0, 0);
        HiresOptions onlyX = new HiresOptions(2, 1000, 0, null, 0, 0.7, null, null, "", "");
        assertThat(onlyX.target(512, 768)).containsExactly(1000, 1500, 0, 0);
        // both: cover then truncate; 512x768 (0.67) into 1024x1024 (1.0): x = 1024, y = 1536, truncate_y = 64
        HiresOptions both = new HiresOptions(2, 1024, 1024, null, 0, 0.7, null, null, "", "");
        assertThat(both.target(512, 768)).containsExactly(1024, 1536, 0, 64);
    }

    @Test
    void latentUpscaleDoublesTheSizeAndWritesTheInfotext() throws Exception {
        GenerationResult r = run(new HiresOptions(2, 0, 0, "Latent (bicubic antialiased)", 3, 0.6, "DDIM", null, "",
                "ugly"));
        assertThat(r.images().get(0).getWidth()).isEqualTo(128);
        assertThat(r.images().get(0).getHeight()).isEqualTo(128);
        assertThat(r.infotexts().get(0)).contains("Denoising strength: 0.6", "Hires upscale: 2.0", "Hires steps: 3",
                "Hires upscaler: Latent (bicubic antialiased)", "Hires sampler: DDIM", "Hires negative prompt: ugly");
    }

    @Test
    void imageUpscalerAndResizeWithTruncation() throws Exception {
        // (the tiny UNet needs latents that are multiples of 8, so sizes stay multiples of 64 px)
        GenerationResult lanczos = run(HiresOptions.scale(2, "Lanczos", 0.5));
        assertThat(lanczos.images().get(0).getWidth()).isEqualTo(128);
        GenerationResult cropped = run(new HiresOptions(2, 128, 64, "Nearest", 2, 0.5, null, null, "", ""));
        // 64x64 into 128x64: x = 128, y = 128, truncate_y = 8 latent rows -> 128x64
        assertThat(cropped.images().get(0).getWidth()).isEqualTo(128);
        assertThat(cropped.images().get(0).getHeight()).isEqualTo(64);
        assertThat(cropped.infotexts().get(0)).contains("Hires resize: 128x64");
    }

    @Test
    void unknownUpscalerIsRefusedBeforeQueueing() {
        assertThatThrownBy(() -> fx.txt2img.withHires(HiresOptions.scale(2, "ESRGAN_9x", 0.5)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ESRGAN_9x");
    }
}
