package dev.sdwebui.pipeline;

import dev.sdwebui.model.io.LdmTopology;
import dev.sdwebui.model.io.StoredDType;
import dev.sdwebui.model.io.SyntheticCheckpoint;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Wall time of an img2img job with SD 1.5 shapes (random fp16 checkpoint from SyntheticCheckpoint,
 * upcast to fp32 at load): encode + sampling (denoising 0.5 of 20 steps = 11 UNet CFG calls with
 * Euler a) + decode. Not a test. Run:
 * {@code LD_PRELOAD=...tcmalloc... ./mvnw -o test -Dtest=Img2ImgBenchmark -Dgroups=bench -Dsurefire.excludedGroups=none}
 * (env BENCH_SIZES=512,256).
 */
@Tag("bench")
class Img2ImgBenchmark {

    @Test
    void img2img() throws Exception {
        Path dir = Files.createTempDirectory("sdwebui-i2i-bench");
        Path ckpt = dir.resolve("models").resolve("sd15-random-fp16.safetensors");
        Files.createDirectories(ckpt.getParent());
        long t0 = System.nanoTime();
        SyntheticCheckpoint.write(ckpt, LdmTopology.sd15(), StoredDType.F16, SyntheticCheckpoint.Content.RANDOM, 1);
        System.out.printf("BENCH random SD1.5 fp16 checkpoint written in %.1f s%n", (System.nanoTime() - t0) / 1e9);
        try (Img2ImgFixture fx = new Img2ImgFixture(dir, ckpt, false, h -> h, null)) {
            long l0 = System.nanoTime();
            fx.models.require(null);
            System.out.printf("BENCH model load %.1f s%n", (System.nanoTime() - l0) / 1e9);
            for (String size : System.getenv().getOrDefault("BENCH_SIZES", "512,256").split(",")) {
                int px = Integer.parseInt(size.trim());
                GenerationRequest g = GenerationRequest.simple("a photo of a cat", 1, "Euler a", 20, px, px)
                        .withOverrideSettings(Map.of("randn_source", "CPU", "samples_save", false, "grid_save", false));
                BufferedImage init = Img2ImgPipelineTest.picture(px, px);
                long s0 = System.nanoTime();
                fx.run(Img2ImgRequest.of(g, List.of(init), 0.5));
                System.out.printf("BENCH img2img %dx%d denoising 0.5, 20 steps (11 UNet CFG calls), Euler a: %.1f s%n",
                        px, px, (System.nanoTime() - s0) / 1e9);
            }
        } finally {
            Files.deleteIfExists(ckpt);
        }
    }
}
