package dev.sdwebui.nn;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.sdwebui.model.detect.ModelFamily;
import dev.sdwebui.model.detect.PredictionType;
import dev.sdwebui.nn.clip.OpenClipTextEncoder;
import dev.sdwebui.nn.vae.LatentDistribution;
import dev.sdwebui.testsupport.Npy;
import dev.sdwebui.testsupport.SharedReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SD 2.x and SDXL networks against the single-call references of ../shared/reference/sd2-tiny and sdxl-tiny:
 * detection (family, eps/v, the v-test value), each text encoder's raw output (1e-5), every components-WxH
 * UNet (incl. SDXL's y) and VAE call (1e-4; 1e-3 where the deepest level is tiny), key sets fully used.
 */
class FamilyComponentsParityTest {

    private static NDManager manager;
    private static Path sd2;
    private static Path xl;

    @BeforeAll
    static void setUp() {
        Path ref = SharedReference.sharedDir().resolve("reference");
        sd2 = ref.resolve("sd2-tiny");
        xl = ref.resolve("sdxl-tiny");
        manager = NDManager.newBaseManager("PyTorch");
        JniUtils.setGradMode(false);
    }

    @AfterAll
    static void tearDown() {
        if (manager != null) {
            manager.close();
        }
    }

    private static SdModel load(Path file) throws Exception {
        return SdModelLoader.load(file, manager, LoadOptions.defaults());
    }

    private static JsonObject json(Path p) throws Exception {
        return JsonParser.parseString(Files.readString(p)).getAsJsonObject();
    }

    @Test
    void sd2BaseAndVAreDetectedAsA1111DoesAndMatchTheirComponents() throws Exception {
        for (String name : List.of("base", "v")) {
            JsonObject det = json(sd2.resolve("sd2-" + name + ".json")).getAsJsonObject("detection");
            try (SdModel m = load(sd2.resolve("sd2-" + name + "-fp32.safetensors"))) {
                assertThat(m.family()).isEqualTo(ModelFamily.SD2);
                assertThat(m.prediction()).isEqualTo("v".equals(det.get("parameterization").getAsString())
                        ? PredictionType.V : PredictionType.EPS);
                assertThat(VPredictionTest.score(m.unet(), "cpu"))
                        .isCloseTo(det.get("v_test_out_mean").getAsDouble(), org.assertj.core.data.Offset.offset(1e-4));
                assertThat(m.unusedKeys()).isEmpty();
                assertThat(m.textEncoder()).isNull();
                assertThat(m.vae().scaleFactor()).isEqualTo(0.18215f);
                Path text = sd2.resolve("cases-" + name + "/components-text");
                for (int p = 0; p < 3; p++) {
                    try (NDManager s = manager.newSubManager()) {
                        NDArray tokens = longs(s, text.resolve("p" + p + "_tokens_cond.npy"));
                        NDArray out = m.openClip().encodePenultimateNormed(tokens, h -> h);
                        assertThat(rel(out, text.resolve("p" + p + "_cond.npy"))).as(name + " p" + p).isLessThan(1e-5);
                    }
                }
                components(m, sd2.resolve("cases-" + name), "components-");
            }
        }
    }

    @Test
    void sdxlBaseAndRefinerMatchTheirComponents() throws Exception {
        try (SdModel m = load(xl.resolve("sdxl-base-fp32.safetensors"))) {
            assertThat(m.family()).isEqualTo(ModelFamily.SDXL);
            assertThat(m.prediction()).isEqualTo(PredictionType.EPS);
            assertThat(m.unusedKeys()).isEmpty();
            assertThat(m.vae().scaleFactor()).isEqualTo(0.13025f);
            assertThat(m.alphasCumprod()).isEqualTo(SdModelLoader.linearSchedule());
            Path text = xl.resolve("cases/components-text");
            for (int p = 0; p < 3; p++) {
                try (NDManager s = manager.newSubManager()) {
                    NDArray tl = longs(s, text.resolve("p" + p + "_tokens_cond_e0_clip_l.npy"));
                    int layers = m.textEncoder().topology().layers();
                    assertThat(rel(m.textEncoder().encodeHiddenState(tl, layers - 1, h -> h),
                            text.resolve("p" + p + "_enc_cond_e0_clip_l_hidden.npy"))).isLessThan(1e-5);
                    bigG(m.openClip(), s, text, "p" + p + "_", "e1");
                }
            }
            components(m, xl.resolve("cases"), "components-");
        }
        try (SdModel m = load(xl.resolve("sdxl-refiner-fp32.safetensors"))) {
            assertThat(m.family()).isEqualTo(ModelFamily.SDXL_REFINER);
            assertThat(m.textEncoder()).isNull();
            assertThat(m.unusedKeys()).isEmpty();
            Path text = xl.resolve("cases/components-refiner-text");
            for (int p = 0; p < 3; p++) {
                try (NDManager s = manager.newSubManager()) {
                    bigG(m.openClip(), s, text, "p" + p + "_", "e0");
                }
            }
            components(m, xl.resolve("cases"), "components-refiner-");
        }
    }

    private static void bigG(OpenClipTextEncoder g, NDManager s, Path dir, String p, String e) {
        NDArray tokens = longs(s, dir.resolve(p + "tokens_cond_" + e + "_openclip.npy"));
        OpenClipTextEncoder.Output out = g.encodeWithPooled(tokens, h -> h);
        assertThat(rel(out.hidden(), dir.resolve(p + "enc_cond_" + e + "_openclip_hidden.npy"))).isLessThan(1e-5);
        assertThat(rel(out.pooled(), dir.resolve(p + "enc_cond_" + e + "_openclip_pooled.npy"))).isLessThan(1e-5);
    }

    /** Every {@code <prefix>WxH} folder's UNet and VAE calls. */
    private static void components(SdModel m, Path cases, String prefix) throws Exception {
        List<Path> dirs;
        try (Stream<Path> s = Files.list(cases)) {
            dirs = s.filter(p -> p.getFileName().toString().matches(prefix.replace("-", "\\-") + "\\d+x\\d+")).sorted().toList();
        }
        assertThat(dirs).isNotEmpty();
        for (Path d : dirs) {
            try (NDManager s = manager.newSubManager()) {
                NDArray y = Files.exists(d.resolve("unet_y.npy")) ? floats(s, d.resolve("unet_y.npy")) : null;
                NDArray out = m.unet().forward(floats(s, d.resolve("unet_x.npy")), floats(s, d.resolve("unet_t.npy")),
                        floats(s, d.resolve("unet_context.npy")), y);
                double tol = d.getFileName().toString().endsWith("64x64") ? 1e-3 : 1e-4;
                assertThat(rel(out, d.resolve("unet_out.npy"))).as(d + " unet").isLessThan(tol);
                assertThat(rel(m.vae().decode(floats(s, d.resolve("vae_dec_in.npy"))), d.resolve("vae_dec_out.npy")))
                        .as(d + " vae decode").isLessThan(1e-4);
                LatentDistribution enc = m.vae().encode(floats(s, d.resolve("vae_enc_in.npy")));
                assertThat(rel(enc.mean(), d.resolve("vae_enc_mean.npy"))).as(d + " vae mean").isLessThan(1e-4);
                assertThat(rel(enc.logvar(), d.resolve("vae_enc_logvar.npy"))).as(d + " vae logvar").isLessThan(1e-4);
            }
        }
    }

    static NDArray floats(NDManager m, Path p) {
        Npy n = Npy.read(p);
        return m.create(n.floats(), new Shape(n.shape()));
    }

    static NDArray longs(NDManager m, Path p) {
        Npy n = Npy.read(p);
        return m.create(n.longs(), new Shape(n.shape()));
    }

    /** max |a - b| / max |b|. */
    static double rel(NDArray got, Path want) {
        float[] a = got.toFloatArray();
        float[] b = Npy.read(want).floats();
        assertThat(a).hasSameSizeAs(b);
        double mx = 0;
        double md = 0;
        for (int i = 0; i < b.length; i++) {
            mx = Math.max(mx, Math.abs(b[i]));
            md = Math.max(md, Math.abs(a[i] - b[i]));
        }
        return md / mx;
    }
}
