package dev.sdwebui.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.sdwebui.model.detect.ModelFamily;
import dev.sdwebui.model.detect.PredictionType;
import dev.sdwebui.testsupport.SharedReference;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every SD 2.x (512-base eps, 768-v) and SDXL base reference case through the real loader, the queue and the
 * txt2img pipeline: the PNG within 2 levels (max) and 0.05 (mean); the family and eps/v detected as each
 * checkpoint's {@code .json} states.
 */
@Tag("slow")
class FamilyParityTest {

    @TempDir
    Path data;

    @ParameterizedTest
    @CsvSource({"sd2-tiny, sd2-base-fp32.safetensors, sd2-base.json, cases-base, SD2",
        "sd2-tiny, sd2-v-fp32.safetensors, sd2-v.json, cases-v, SD2",
        "sdxl-tiny, sdxl-base-fp32.safetensors, sdxl-base.json, cases, SDXL"})
    void everyCaseMatchesTheReferenceImage(String folder, String file, String json, String cases, ModelFamily family)
            throws Exception {
        Path dir = SharedReference.sharedDir().resolve("reference").resolve(folder);
        try (PipelineFixture fx = new PipelineFixture(data, dir.resolve(file), h -> h, true)) {
            List<Path> all = cases(dir.resolve(cases));
            assertThat(all).isNotEmpty();
            StringBuilder report = new StringBuilder();
            for (Path c : all) {
                GenerationResult r = fx.run(TinyTxt2ImgParityTest.request(TinyTxt2ImgParityTest.caseOf(c)));
                double[] d = TinyTxt2ImgParityTest.diff(r.images().get(0), ImageIO.read(c.resolve("image.png").toFile()));
                report.append(String.format("%s: max %.0f mean %.4f%n", c.getFileName(), d[0], d[1]));
                assertThat(d[0]).as(c.getFileName() + " max level difference").isLessThanOrEqualTo(2);
                assertThat(d[1]).as(c.getFileName() + " mean level difference").isLessThan(0.05);
            }
            System.out.print(report);
            var model = fx.models.current().orElseThrow().model();
            JsonObject expected = JsonParser.parseString(Files.readString(dir.resolve(json))).getAsJsonObject();
            assertThat(model.family()).isEqualTo(family);
            String param = expected.has("detection") && expected.getAsJsonObject("detection").has("parameterization")
                    ? expected.getAsJsonObject("detection").get("parameterization").getAsString() : "eps";
            assertThat(model.prediction()).isEqualTo("v".equals(param) ? PredictionType.V : PredictionType.EPS);
        }
    }

    static List<Path> cases(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> Files.exists(p.resolve("case.json")) && !p.getFileName().toString().contains("refiner"))
                    .sorted().toList();
        }
    }
}
