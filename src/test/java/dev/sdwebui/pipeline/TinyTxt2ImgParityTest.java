package dev.sdwebui.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.sdwebui.testsupport.SharedReference;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every reference case through the pipeline and the queue (no HTTP): the PNG within 2 levels, mean < 0.05. */
class TinyTxt2ImgParityTest {

    static final Map<String, String> SAMPLERS = Map.of("euler", "Euler", "euler_ancestral", "Euler a", "heun", "Heun",
            "lms", "LMS", "dpmpp_2m", "DPM++ 2M", "ddim", "DDIM");
    static final Map<String, String> SCHEDULERS = Map.of("normal", "Uniform", "karras", "Karras");

    @TempDir
    static Path data;
    static PipelineFixture fx;

    @BeforeAll
    static void start() throws IOException {
        fx = new PipelineFixture(data, h -> h);
    }

    @AfterAll
    static void stop() {
        fx.close();
    }

    static List<Path> cases() throws IOException {
        try (Stream<Path> s = Files.list(SharedReference.tinyDir().resolve("cases"))) {
            return s.filter(p -> Files.exists(p.resolve("case.json"))).sorted().toList();
        }
    }

    static GenerationRequest request(JsonObject c) {
        return new GenerationRequest(c.get("prompt").getAsString(), c.get("negative_prompt").getAsString(), List.of(),
                c.get("seed").getAsLong(), -1, 0, 0, 0, SAMPLERS.get(c.get("sampler").getAsString()),
                SCHEDULERS.get(c.get("scheduler").getAsString()), 1, 1, c.get("steps").getAsInt(),
                c.get("cfg_scale").getAsDouble(), c.get("width").getAsInt(), c.get("height").getAsInt(), false, false,
                true, true, null, Map.of("randn_source", "CPU"), false);
    }

    static JsonObject caseOf(Path dir) throws IOException {
        return JsonParser.parseString(Files.readString(dir.resolve("case.json"))).getAsJsonObject().getAsJsonObject("case");
    }

    /** [max level difference, mean level difference]. */
    static double[] diff(BufferedImage got, BufferedImage want) {
        assertThat(got.getWidth()).isEqualTo(want.getWidth());
        assertThat(got.getHeight()).isEqualTo(want.getHeight());
        int max = 0;
        long sum = 0;
        for (int y = 0; y < want.getHeight(); y++) {
            for (int x = 0; x < want.getWidth(); x++) {
                int a = got.getRGB(x, y);
                int b = want.getRGB(x, y);
                for (int sh = 0; sh <= 16; sh += 8) {
                    int d = Math.abs(((a >> sh) & 255) - ((b >> sh) & 255));
                    max = Math.max(max, d);
                    sum += d;
                }
            }
        }
        return new double[] {max, (double) sum / (3.0 * want.getWidth() * want.getHeight())};
    }

    @Test
    void everyCaseMatchesTheReferenceImage() throws Exception {
        List<Path> all = cases();
        assertThat(all).hasSizeGreaterThanOrEqualTo(11);
        StringBuilder report = new StringBuilder();
        for (Path dir : all) {
            long t0 = System.nanoTime();
            GenerationResult r = fx.run(request(caseOf(dir)));
            report.append((System.nanoTime() - t0) / 1_000_000).append(" ms ");
            double[] d = diff(r.images().get(0), ImageIO.read(dir.resolve("image.png").toFile()));
            report.append(dir.getFileName()).append(": max ").append(d[0]).append(" mean ").append(d[1]).append('\n');
        }
        System.out.println(report);
        for (String line : report.toString().split("\n")) {
            String[] parts = line.split(" ");
            assertThat(Double.parseDouble(parts[6])).as(line).isLessThanOrEqualTo(2);
            assertThat(Double.parseDouble(parts[6])).as(line).isLessThan(0.05);
        }
    }
}
