package dev.sdwebui.postprocess.upscale;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sdwebui.postprocess.ExtrasUpscale;
import dev.sdwebui.postprocess.ImageResize;
import dev.sdwebui.postprocess.ImageUpscaler;
import dev.sdwebui.postprocess.Pixels;
import dev.sdwebui.postprocess.ResizeMode;
import dev.sdwebui.tensor.script.TorchOps;
import dev.sdwebui.testsupport.SharedReference;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every case of ../shared/reference/upscale-tiny (A1111 v1.10 Extras "Upscale" and the hires-fix pixel
 * resize) through the real catalog: model files copied into the A1111 folders, found by name, loaded,
 * tiled as their class tiles, with A1111's settings per case. The final picture must match A1111's within
 * one level.
 */
@org.junit.jupiter.api.Tag("slow")
class UpscaleCasesParityTest {

    private static NDManager manager;
    private static TorchOps ops;
    private static UpscaleModelCache cache;
    private static Path ref;
    @TempDir
    static Path models;

    @BeforeAll
    static void setUp() throws IOException {
        ref = SharedReference.sharedDir().resolve("reference/upscale-tiny");
        manager = NDManager.newBaseManager("PyTorch");
        JniUtils.setGradMode(false);
        ops = TorchOps.load(manager);
        cache = new UpscaleModelCache(manager, () -> ops, false);
        Map<String, String> folder = Map.of("ESRGAN", "ESRGAN", "RealESRGAN", "RealESRGAN", "SwinIR", "SwinIR",
                "ScuNET", "ScuNET");
        for (JsonNode c : cases()) {
            for (String u : new String[] {"upscaler1", "upscaler2"}) {
                JsonNode up = c.path(u);
                if (up.has("model")) {
                    Path dir = models.resolve(folder.get(up.get("kind").asText()));
                    Files.createDirectories(dir);
                    Path f = dir.resolve(up.get("model").asText());
                    if (!Files.exists(f)) {
                        Files.copy(ref.resolve("models").resolve(up.get("model").asText()), f);
                    }
                }
            }
        }
    }

    @AfterAll
    static void tearDown() {
        if (cache != null) {
            cache.close();
        }
        if (ops != null) {
            ops.close();
        }
        if (manager != null) {
            manager.close();
        }
    }

    static Stream<JsonNode> caseStream() throws IOException {
        return java.util.Arrays.stream(cases());
    }

    static JsonNode[] cases() throws IOException {
        Path dir = SharedReference.sharedDir().resolve("reference/upscale-tiny/cases");
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> Files.exists(p.resolve("case.json"))).sorted().map(p -> {
                try {
                    return new ObjectMapper().readTree(p.resolve("case.json").toFile());
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }).toArray(JsonNode[]::new);
        }
    }

    private static UpscalerCatalog catalog(JsonNode c) {
        Map<String, Integer> opts = new HashMap<>();
        c.path("opts_effective").fields().forEachRemaining(e -> opts.put(e.getKey(), e.getValue().asInt()));
        Map<String, Path> dirs = new HashMap<>();
        for (String k : new String[] {"ESRGAN", "RealESRGAN", "SwinIR", "ScuNET"}) {
            dirs.put(k, models.resolve(k));
        }
        return new UpscalerCatalog(dirs, cache, k -> opts.get(k));
    }

    private static ImageUpscaler upscaler(UpscalerCatalog catalog, JsonNode u) {
        String name = u.has("model") ? u.get("model").asText().replaceFirst("\\.pth$", "") : u.get("kind").asText();
        return catalog.byName(name).orElseThrow(() -> new AssertionError("no upscaler " + name));
    }

    static Pixels png(Path p) throws IOException {
        return Pixels.of(ImageIO.read(p.toFile())).toRgb();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("caseStream")
    void matchesA1111(JsonNode c) throws IOException {
        Path dir = ref.resolve("cases").resolve(c.get("name").asText());
        Pixels input = png(ref.resolve("inputs").resolve(c.get("input").asText()));
        UpscalerCatalog catalog = catalog(c);
        ImageUpscaler u1 = upscaler(catalog, c.get("upscaler1"));
        Pixels out;
        if (c.get("op").asText().equals("hires_resize")) {
            out = ImageResize.resize(ResizeMode.JUST_RESIZE, input, c.get("target_width").asInt(),
                    c.get("target_height").asInt(), u1);
        } else {
            ImageUpscaler u2 = c.has("upscaler2") && !c.get("upscaler2").isNull() ? upscaler(catalog, c.get("upscaler2"))
                    : null;
            double by = c.path("upscale_by").asDouble(2.0);
            ExtrasUpscale.Result r = ExtrasUpscale.run(input, new ExtrasUpscale.Request(c.get("upscale_mode").asInt(), by,
                    Double.toString(by), 0, c.path("upscale_to_width").asInt(512), c.path("upscale_to_height").asInt(512),
                    c.path("upscale_crop").asBoolean(false), u1, u2, c.path("upscaler_2_visibility").asDouble(0)));
            out = r.image();
            JsonNode info = c.get("info");
            if (info.has("Postprocess upscale by")) {
                assertThat(r.info()).containsEntry("Postprocess upscale by", info.get("Postprocess upscale by").asText());
            }
            if (info.has("Postprocess crop to")) {
                assertThat(r.info()).containsEntry("Postprocess crop to", info.get("Postprocess crop to").asText());
            }
            assertThat(r.info()).containsEntry("Postprocess upscaler", u1.label());
        }
        Pixels want = png(dir.resolve("output.png"));
        assertThat(out.width()).isEqualTo(want.width());
        assertThat(out.height()).isEqualTo(want.height());
        int max = 0;
        long sum = 0;
        int off = 0;
        for (int i = 0; i < want.data().length; i++) {
            int d = Math.abs(out.data()[i] - want.data()[i]);
            max = Math.max(max, d);
            sum += d;
            off += d > 0 ? 1 : 0;
        }
        double mean = (double) sum / want.data().length;
        System.out.printf("PARITY %s max %d mean %.5f differing %d of %d%n", c.get("name").asText(), max, mean, off,
                want.data().length);
        assertThat(max).as("max level difference").isLessThanOrEqualTo(1);
        assertThat(mean).as("mean level difference").isLessThan(0.05);
    }
}
