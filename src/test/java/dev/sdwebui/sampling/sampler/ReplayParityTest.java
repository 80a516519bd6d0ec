package dev.sdwebui.sampling.sampler;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.sdwebui.sampling.SamplerCatalog;
import dev.sdwebui.sampling.TinyAlphas;
import dev.sdwebui.sampling.denoise.Denoiser;
import dev.sdwebui.sampling.denoise.EpsModel;
import dev.sdwebui.tensor.rng.BatchNoise;
import dev.sdwebui.tensor.rng.NoiseSpec;
import dev.sdwebui.tensor.rng.TorchRandomSource;
import dev.sdwebui.testsupport.Npy;
import dev.sdwebui.testsupport.SharedReference;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Sampler loops against the reference runs without the UNet: a denoiser that replays the case's
 * {@code steps_denoised[i]} on call i, the CPU generator for the initial and ancestral noise
 * (x = noise * sigmas[0], as A1111's txt2img), every {@code steps_x[i]} and {@code latent.npy} within
 * 1e-3 relative (max abs difference / max abs value). Single-call-per-step samplers only: Heun
 * (two calls per step) needs the UNet for a non-circular check.
 */
class ReplayParityTest {

    private static final Map<String, String> K_SAMPLERS = Map.of(
            "euler", "Euler", "euler_ancestral", "Euler a", "lms", "LMS", "dpmpp_2m", "DPM++ 2M");
    private static NDManager manager;

    @BeforeAll
    static void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    @Test
    void kSamplersReplayEveryCase() throws IOException {
        int checked = 0;
        for (Path dir : cases()) {
            JsonObject c = caseOf(dir);
            String name = K_SAMPLERS.get(c.get("sampler").getAsString());
            if (name == null) {
                continue;
            }
            Sampler sampler = new SamplerCatalog().require(name).newSampler();
            float[] sig = Npy.read(dir.resolve("sigmas.npy")).floats();
            double[] sigmas = new double[sig.length];
            for (int i = 0; i < sig.length; i++) {
                sigmas[i] = sig[i];
            }
            Run run = new Run(dir, c);
            NDArray x = run.initialNoise().mul(sig[0]);
            Npy denoised = Npy.read(dir.resolve("steps_denoised.npy"));
            int[] call = {0};
            Denoiser replay = (xx, sigma) -> run.slice(denoised, call[0]++);
            NDArray out = sampler.sample(replay, x, sigmas, run.context());
            run.assertSteps(name);
            assertClose(out.toFloatArray(), Npy.read(dir.resolve("latent.npy")).floats(), dir + " latent");
            assertThat(call[0]).isEqualTo(sig.length - 1);
            checked++;
        }
        assertThat(checked).as("k-sampler cases").isGreaterThanOrEqualTo(9);
    }

    @Test
    void ddimReplay() throws IOException {
        for (Path dir : cases()) {
            JsonObject c = caseOf(dir);
            if (!c.get("sampler").getAsString().equals("ddim")) {
                continue;
            }
            float[] ac = TinyAlphas.fromCheckpoint();
            long[] ts = Npy.read(dir.resolve("timesteps.npy")).longs();
            int[] ours = TimestepSampler.timesteps(ts.length, 1000);
            for (int i = 0; i < ours.length; i++) {
                assertThat((long) ours[ours.length - 1 - i]).isEqualTo(ts[i]);
            }
            Run run = new Run(dir, c);
            NDArray x = run.initialNoise();
            Npy predX0 = Npy.read(dir.resolve("steps_denoised.npy"));
            int[] call = {0};
            // eps from the reference pred_x0 at the x the sampler passes: eps = (x - sqrt(a) x0) / sqrt(1 - a)
            EpsModel replay = (xx, t) -> {
                double a = ac[(int) t];
                NDArray x0 = run.slice(predX0, call[0]++);
                return xx.sub(x0.mul((float) Math.sqrt(a))).div((float) Math.sqrt(1 - a));
            };
            NDArray out = new DdimSampler(true).sample(replay, x, ours, ac, run.context());
            run.assertSteps("DDIM");
            assertClose(out.toFloatArray(), Npy.read(dir.resolve("latent.npy")).floats(), dir + " latent");
            assertThat(call[0]).isEqualTo(ts.length);
        }
    }

    private static List<Path> cases() throws IOException {
        try (Stream<Path> s = Files.list(SharedReference.tinyDir().resolve("cases"))) {
            return s.filter(p -> Files.exists(p.resolve("case.json"))).sorted().toList();
        }
    }

    private static JsonObject caseOf(Path dir) throws IOException {
        return JsonParser.parseString(Files.readString(dir.resolve("case.json"))).getAsJsonObject()
                .getAsJsonObject("case");
    }

    static void assertClose(float[] got, float[] want, String what) {
        assertThat(got).as(what).hasSize(want.length);
        double maxAbs = 0;
        double maxDiff = 0;
        for (int i = 0; i < want.length; i++) {
            maxAbs = Math.max(maxAbs, Math.abs(want[i]));
            maxDiff = Math.max(maxDiff, Math.abs(got[i] - want[i]));
        }
        assertThat(maxDiff / maxAbs).as(what + " relative error").isLessThanOrEqualTo(1e-3);
    }

    /** One case: its noise stream, a context that records x per step, and the step checks. */
    private static final class Run {
        private final Path dir;
        private final BatchNoise noise;
        private final Shape shape;
        private final List<float[]> xs = new ArrayList<>();

        Run(Path dir, JsonObject c) {
            this.dir = dir;
            long[] s = Npy.read(dir.resolve("noise.npy")).shape();
            this.shape = new Shape(s);
            this.noise = BatchNoise.of(TorchRandomSource.cpu(), List.of(NoiseSpec.of(c.get("seed").getAsLong())),
                    new Shape(s[1], s[2], s[3]));
        }

        NDArray initialNoise() {
            NDArray n = noise.next(manager);
            assertThat(n.toFloatArray()).as(dir + " noise").containsExactly(Npy.read(dir.resolve("noise.npy")).floats());
            return n;
        }

        SamplerContext context() {
            return SamplerContext.builder(manager).noise(noise::next)
                    .callback((step, total, sigma, x, den) -> xs.add(x.values())).build();
        }

        NDArray slice(Npy steps, int i) {
            int per = (int) shape.size();
            float[] all = steps.floats();
            return manager.create(Arrays.copyOfRange(all, i * per, (i + 1) * per), shape);
        }

        void assertSteps(String name) {
            Npy stepsX = Npy.read(dir.resolve("steps_x.npy"));
            int per = (int) shape.size();
            float[] all = stepsX.floats();
            assertThat(xs).as(name + " steps").hasSize((int) stepsX.shape()[0]);
            for (int i = 0; i < xs.size(); i++) {
                assertClose(xs.get(i), Arrays.copyOfRange(all, i * per, (i + 1) * per), dir + " " + name + " step " + i);
            }
        }
    }
}
