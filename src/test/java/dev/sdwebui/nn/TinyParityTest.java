package dev.sdwebui.nn;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Parity with ../shared/reference/sd1-tiny (README there: inputs, outputs and tolerances). Loads the
 * tiny model five ways (fp32, plain+NHWC, fp16 safetensors, fp16 ckpt, bf16): ~20 s on a quiet machine.
 */
@org.junit.jupiter.api.Tag("slow")
class TinyParityTest {

    private static NDManager manager;
    private static SdModel model;
    private static Path tiny;

    @BeforeAll
    static void load() throws Exception {
        tiny = SharedReference.sharedDir().resolve("reference/sd1-tiny");
        manager = NDManager.newBaseManager("PyTorch");
        JniUtils.setGradMode(false);
        model = SdModelLoader.load(tiny.resolve("tiny-fp32.safetensors"), manager, LoadOptions.defaults());
    }

    @AfterAll
    static void close() {
        if (model != null) {
            model.close();
        }
        if (manager != null) {
            manager.close();
        }
    }

    static NDArray npy(NDManager m, Path p) {
        Npy n = Npy.read(p);
        if (n.dtype().startsWith("<i")) {
            return m.create(n.longs(), new Shape(n.shape()));
        }
        return m.create(n.floats(), new Shape(n.shape()));
    }

    /** max |a - b| / max |b|. */
    static double relErr(NDArray actual, NDArray expected) {
        assertThat(actual.getShape()).isEqualTo(expected.getShape());
        return actual.sub(expected).abs().max().getFloat() / expected.abs().max().getFloat();
    }

    static Stream<String> generationCases() throws Exception {
        Path cases = SharedReference.sharedDir().resolve("reference/sd1-tiny/cases");
        try (Stream<Path> s = Files.list(cases)) {
            return s.filter(p -> Files.exists(p.resolve("tokens_cond.npy"))).map(p -> p.getFileName().toString())
                    .sorted().toList().stream();
        }
    }

    static Stream<String> componentCases() throws Exception {
        Path cases = SharedReference.sharedDir().resolve("reference/sd1-tiny/cases");
        try (Stream<Path> s = Files.list(cases)) {
            return s.filter(p -> p.getFileName().toString().startsWith("components-"))
                    .map(p -> p.getFileName().toString()).sorted().toList().stream();
        }
    }

    @ParameterizedTest
    @MethodSource("generationCases")
    void clipMatchesCondAndUncond(String name) {
        Path c = tiny.resolve("cases").resolve(name);
        try (NDManager m = manager.newSubManager()) {
            for (String which : List.of("cond", "uncond")) {
                NDArray out = model.textEncoder().encode(npy(m, c.resolve("tokens_" + which + ".npy")), 1);
                double err = relErr(out, npy(m, c.resolve(which + ".npy")));
                System.out.printf("clip %s %s rel err %.3g%n", name, which, err);
                assertThat(err).isLessThan(1e-5);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("componentCases")
    void unetMatches(String name) {
        Path c = tiny.resolve("cases").resolve(name);
        try (NDManager m = manager.newSubManager()) {
            NDArray out = model.unet().forward(npy(m, c.resolve("unet_x.npy")), npy(m, c.resolve("unet_t.npy")),
                    npy(m, c.resolve("unet_context.npy")));
            double err = relErr(out, npy(m, c.resolve("unet_out.npy")));
            System.out.printf("unet %s rel err %.3g%n", name, err);
            assertThat(err).isLessThan(name.equals("components-64x64") ? 1e-3 : 1e-4);
        }
    }

    @ParameterizedTest
    @MethodSource("componentCases")
    void vaeDecoderAndEncoderMatch(String name) {
        Path c = tiny.resolve("cases").resolve(name);
        try (NDManager m = manager.newSubManager()) {
            NDArray dec = model.vae().decode(npy(m, c.resolve("vae_dec_in.npy")));
            double errDec = relErr(dec, npy(m, c.resolve("vae_dec_out.npy")));
            LatentDistribution enc = model.vae().encode(npy(m, c.resolve("vae_enc_in.npy")));
            double errMean = relErr(enc.mean(), npy(m, c.resolve("vae_enc_mean.npy")));
            double errLogvar = relErr(enc.logvar(), npy(m, c.resolve("vae_enc_logvar.npy")));
            System.out.printf("vae %s dec %.3g mean %.3g logvar %.3g%n", name, errDec, errMean, errLogvar);
            assertThat(errDec).isLessThan(1e-4);
            assertThat(errMean).isLessThan(1e-4);
            assertThat(errLogvar).isLessThan(1e-4);
        }
    }

    @Test
    void tinyModelHasNoUnusedKeysAndTheCheckpointSchedule() {
        assertThat(model.unusedKeys()).isEmpty();
        assertThat(model.family()).isEqualTo(dev.sdwebui.model.detect.ModelFamily.SD1);
        float[] ac = model.alphasCumprod();
        float[] lin = SdModelLoader.linearSchedule();
        assertThat(ac).hasSize(1000);
        for (int i = 0; i < 1000; i += 111) {
            assertThat((double) ac[i]).isCloseTo(lin[i], org.assertj.core.data.Offset.offset(1e-6));
        }
    }

    @Test
    void plainAttentionAndChannelsLastMatchToo() throws Exception {
        Path c = tiny.resolve("cases/components-128x64");
        try (NDManager m = manager.newSubManager();
                SdModel plain = SdModelLoader.load(tiny.resolve("tiny-fp32.safetensors"), m,
                        new LoadOptions(dev.sdwebui.model.io.ReadOptions.defaults(), "plain", true, false))) {
            NDArray out = plain.unet().forward(npy(m, c.resolve("unet_x.npy")), npy(m, c.resolve("unet_t.npy")),
                    npy(m, c.resolve("unet_context.npy")));
            assertThat(relErr(out, npy(m, c.resolve("unet_out.npy")))).isLessThan(1e-4);
            Path g = tiny.resolve("cases/t01_euler_normal_64_cfg7");
            NDArray cond = plain.textEncoder().encode(npy(m, g.resolve("tokens_cond.npy")), 1);
            assertThat(relErr(cond, npy(m, g.resolve("cond.npy")))).isLessThan(1e-5);
        }
    }

    @Test
    void clipSkipStopsEarlierAndStillAppliesFinalLayerNorm() {
        Path g = tiny.resolve("cases/t01_euler_normal_64_cfg7");
        try (NDManager m = manager.newSubManager()) {
            NDArray tokens = npy(m, g.resolve("tokens_cond.npy"));
            NDArray last = model.textEncoder().encode(tokens, 1);
            NDArray penultimate = model.textEncoder().encode(tokens, 2);
            assertThat(relErr(penultimate, last)).isGreaterThan(1e-2);
            assertThat(penultimate.getShape()).isEqualTo(last.getShape());
            // skip beyond the layer count clamps to the embeddings-only path rather than failing
            assertThat(model.textEncoder().encode(tokens, 99).getShape()).isEqualTo(last.getShape());
        }
    }

    @Test
    void fp16SafetensorsAndCkptLoadRunAndAgreeBitForBit() throws Exception {
        Path c = tiny.resolve("cases/components-64x128");
        try (NDManager m = manager.newSubManager();
                SdModel st = SdModelLoader.load(tiny.resolve("tiny-fp16.safetensors"), m, LoadOptions.defaults());
                SdModel ck = SdModelLoader.load(tiny.resolve("tiny-fp16.ckpt"), m, LoadOptions.defaults())) {
            NDArray x = npy(m, c.resolve("unet_x.npy"));
            NDArray t = npy(m, c.resolve("unet_t.npy"));
            NDArray ctx = npy(m, c.resolve("unet_context.npy"));
            NDArray a = st.unet().forward(x, t, ctx);
            NDArray b = ck.unet().forward(x, t, ctx);
            assertThat(a.contentEquals(b)).isTrue();
            // fp16-rounded weights: close to the fp32 reference, not equal
            assertThat(relErr(a, npy(m, c.resolve("unet_out.npy")))).isLessThan(5e-2);
            NDArray da = st.vae().decode(npy(m, c.resolve("vae_dec_in.npy")));
            NDArray db = ck.vae().decode(npy(m, c.resolve("vae_dec_in.npy")));
            assertThat(da.contentEquals(db)).isTrue();
            Path g = tiny.resolve("cases/t01_euler_normal_64_cfg7");
            NDArray tokens = npy(m, g.resolve("tokens_cond.npy"));
            assertThat(st.textEncoder().encode(tokens, 1).contentEquals(ck.textEncoder().encode(tokens, 1))).isTrue();
            assertThat(st.alphasCumprod()).containsExactly(ck.alphasCumprod());
        }
    }

    @Test
    void forwardsLeaveNoArraysBehindInTheCallersManager() {
        Path c = tiny.resolve("cases/components-64x64");
        try (NDManager m = manager.newSubManager()) {
            NDArray x = npy(m, c.resolve("unet_x.npy"));
            NDArray t = npy(m, c.resolve("unet_t.npy"));
            NDArray ctx = npy(m, c.resolve("unet_context.npy"));
            model.unet().forward(x, t, ctx).close();
            int before = m.getManagedArrays().size();
            for (int i = 0; i < 3; i++) {
                model.unet().forward(x, t, ctx).close();
                model.vae().decode(x).close();
            }
            assertThat(m.getManagedArrays().size()).isEqualTo(before);
        }
    }

    @Test
    void badUnetInputsGiveClearErrors() {
        try (NDManager m = manager.newSubManager()) {
            NDArray t = m.create(new float[] {1f});
            NDArray ctx = m.zeros(new Shape(1, 77, 64));
            org.assertj.core.api.Assertions.assertThatThrownBy(
                    () -> model.unet().forward(m.zeros(new Shape(1, 4, 9, 8)), t, ctx))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("multiple of 8");
            org.assertj.core.api.Assertions.assertThatThrownBy(
                    () -> model.unet().forward(m.zeros(new Shape(1, 4, 8, 8)), t, m.zeros(new Shape(1, 77, 768))))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("context width 64");
        }
    }

    @Test
    void bf16ComputeRunsCloseToFp32() throws Exception {
        Path c = tiny.resolve("cases/components-128x64");
        try (NDManager m = manager.newSubManager();
                SdModel bf = SdModelLoader.load(tiny.resolve("tiny-fp32.safetensors"), m,
                        new LoadOptions(dev.sdwebui.model.io.ReadOptions.defaults(), "sdpa", false, true))) {
            NDArray out = bf.unet().forward(npy(m, c.resolve("unet_x.npy")), npy(m, c.resolve("unet_t.npy")),
                    npy(m, c.resolve("unet_context.npy")));
            double err = relErr(out, npy(m, c.resolve("unet_out.npy")));
            NDArray dec = bf.vae().decode(npy(m, c.resolve("vae_dec_in.npy")));
            double errDec = relErr(dec, npy(m, c.resolve("vae_dec_out.npy")));
            System.out.printf("bf16 unet rel err %.3g, vae dec %.3g%n", err, errDec);
            assertThat(err).isLessThan(5e-2).isGreaterThan(0);
            assertThat(errDec).isLessThan(5e-2);
        }
    }
}
