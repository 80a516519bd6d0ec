package dev.sdwebui.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.sdwebui.testsupport.SharedReference;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every lora-tiny case through the real pipeline and queue, the networks found in the Lora and
 * hypernetworks folders by their prompt tags: image within 2 levels (max) and 0.05 (mean) of A1111's, {@code Lora hashes} exactly
 * as A1111 wrote it, tags kept in the infotext prompt; multiplier 0 (LoRA and hypernetwork) and the PEFT-named
 * file reproduce the plain job bit for bit. The cases run one after another on one model, so every switch of network set
 * (including back to none) is exercised.
 */
class LoraPipelineParityTest {

    @TempDir
    static Path data;
    static PipelineFixture fx;
    static Path ref;

    @BeforeAll
    static void start() throws IOException {
        ref = SharedReference.sharedDir().resolve("reference/lora-tiny");
        fx = new PipelineFixture(data, h -> h);
        try (Stream<Path> s = Files.list(ref.resolve("networks"))) {
            for (Path f : s.toList()) {
                Files.createSymbolicLink(fx.loraDir.resolve(f.getFileName()), f);
            }
        }
        Path hn = ref.resolve("hypernetworks/tiny-hypernet.pt");
        Files.createSymbolicLink(fx.hypernetworkDir.resolve("tiny-hypernet.pt"), hn);
        fx.networks.loras().refresh();
    }

    @AfterAll
    static void stop() {
        if (fx != null) {
            fx.close();
        }
    }

    static List<Path> cases() throws IOException {
        try (Stream<Path> s = Files.list(ref.resolve("cases"))) {
            return s.filter(p -> Files.exists(p.resolve("case.json"))).sorted().toList();
        }
    }

    static int[] pixels(BufferedImage img) {
        return img.getRGB(0, 0, img.getWidth(), img.getHeight(), null, 0, img.getWidth());
    }

    @Test
    void everyCaseMatchesA1111() throws Exception {
        List<String> failures = new ArrayList<>();
        StringBuilder report = new StringBuilder();
        int[] plain = null;
        for (Path dir : cases()) {
            JsonObject all = JsonParser.parseString(Files.readString(dir.resolve("case.json"))).getAsJsonObject();
            JsonObject c = all.getAsJsonObject("case");
            String name = dir.getFileName().toString();
            GenerationResult r = fx.run(TinyTxt2ImgParityTest.request(c));
            BufferedImage got = r.images().get(0);
            double[] d = TinyTxt2ImgParityTest.diff(got, ImageIO.read(dir.resolve("image.png").toFile()));
            report.append(name).append(": max ").append(d[0]).append(" mean ").append(d[1]).append('\n');
            if (d[0] > 2 || d[1] >= 0.05) {
                failures.add(name + " image max " + d[0] + " mean " + d[1]);
            }
            String info = r.infotexts().get(0);
            assertThat(info).as(name).startsWith(c.get("prompt").getAsString() + "\n");
            String hashes = all.getAsJsonObject("extra_networks").get("infotext_additions_text").getAsString();
            if (hashes.isEmpty()) {
                assertThat(info).as(name).doesNotContain("Lora hashes");
            } else {
                assertThat(info).as(name).contains(", " + hashes + ",");
            }
            assertThat(r.comments()).as(name).isEmpty();
            if (name.startsWith("l00")) {
                plain = pixels(got);
            } else if (name.startsWith("l12") || name.startsWith("l17") || name.startsWith("l20")) {
                assertThat(pixels(got)).as(name + " equals the plain job").isEqualTo(plain);
            } else if (name.startsWith("l0") || name.startsWith("l1")) {
                assertThat(pixels(got)).as(name + " differs from the plain job").isNotEqualTo(plain);
            }
        }
        System.out.println(report);
        assertThat(failures).isEmpty();
    }
}
