package dev.sdwebui.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sdwebui.testsupport.SharedReference;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A1111's Refiner (SDXL base -> refiner at 0.6, switching by sigma) on sdxl-tiny's x06 case through the queue and
 * the txt2img pipeline: the PNG within 2 levels / mean 0.05, the refiner's VAE decodes, infotext
 * {@code Refiner: name [hash], Refiner switch at: 0.6}.
 */
@Tag("slow")
class SdxlRefinerParityTest {

    @TempDir
    Path data;

    @Test
    void baseThenRefinerMatchesTheReference() throws Exception {
        Path xl = SharedReference.sharedDir().resolve("reference/sdxl-tiny");
        Path dir = xl.resolve("cases/x06_refiner_euler_a_karras_64_cfg7_switch0.6");
        Files.createDirectories(data.resolve("models"));
        Files.copy(xl.resolve("sdxl-refiner-fp32.safetensors"), data.resolve("models/sdxl-refiner-fp32.safetensors"));
        try (PipelineFixture fx = new PipelineFixture(data, xl.resolve("sdxl-base-fp32.safetensors"), h -> h, true)) {
            Txt2ImgPipeline p = fx.pipeline.withRefiner(new RefinerOptions("sdxl-refiner-fp32", 0.6));
            GenerationResult r = fx.queue.submit(p.job(TinyTxt2ImgParityTest.request(TinyTxt2ImgParityTest.caseOf(dir))))
                    .await();
            double[] d = TinyTxt2ImgParityTest.diff(r.images().get(0), ImageIO.read(dir.resolve("image.png").toFile()));
            System.out.printf("refiner x06: max %.0f mean %.4f%n", d[0], d[1]);
            assertThat(d[0]).isLessThanOrEqualTo(2);
            assertThat(d[1]).isLessThan(0.05);
            assertThat(r.infotexts().get(0)).containsPattern("Refiner: sdxl-refiner-fp32 \\[[0-9a-f]{10}\\], "
                    + "Refiner switch at: 0.6");
            assertThat(fx.models.current().orElseThrow().info().name()).startsWith("sdxl-base-fp32");

            assertThatThrownBy(() -> p.withHires(HiresOptions.scale(2, "Latent", 0.5)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("hires");
            assertThatThrownBy(() -> fx.queue.submit(fx.pipeline.withRefiner(new RefinerOptions("nope", 0.5))
                    .job(TinyTxt2ImgParityTest.request(TinyTxt2ImgParityTest.caseOf(dir)))).await())
                    .hasMessageContaining("Refiner checkpoint not found: nope");
        }
    }
}
