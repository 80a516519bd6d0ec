package dev.sdwebui.sampling;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import dev.sdwebui.nn.LoadOptions;
import dev.sdwebui.nn.SdModel;
import dev.sdwebui.nn.SdModelLoader;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.sdwebui.sampling.denoise.CancellationToken;
import dev.sdwebui.sampling.denoise.CfgDenoiser;
import dev.sdwebui.sampling.denoise.CfgOptions;
import dev.sdwebui.sampling.denoise.CompVisDenoiser;
import dev.sdwebui.sampling.denoise.ConditioningSchedule;
import dev.sdwebui.sampling.denoise.MultiCond;
import dev.sdwebui.sampling.denoise.NanCheck;
import dev.sdwebui.sampling.denoise.TimestepsDenoiser;
import dev.sdwebui.sampling.sampler.DdimSampler;
import dev.sdwebui.sampling.sampler.SamplerContext;
import dev.sdwebui.sampling.sampler.TimestepSampler;
import dev.sdwebui.sampling.schedule.DiscreteSchedule;
import dev.sdwebui.sampling.schedule.ScheduleParams;
import dev.sdwebui.sampling.schedule.Scheduler;
import dev.sdwebui.tensor.rng.BatchNoise;
import dev.sdwebui.tensor.rng.NoiseSpec;
import dev.sdwebui.tensor.rng.TorchRandomSource;
import dev.sdwebui.testsupport.Npy;
import dev.sdwebui.testsupport.SharedReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The whole sampling path with the real tiny UNet (nn) against every reference case: CPU noise from
 * the case seed, schedule from the checkpoint's alphas_cumprod, CFG on [cond, uncond] through
 * CompVisDenoiser (k-samplers, x = noise * sigmas[0]) or TimestepsDenoiser (DDIM, CompVis loop);
 * every steps_x, steps_denoised and latent.npy within 1e-3 relative (measured: <= 2.2e-5), Heun included.
 */
@Tag("slow")
class EndToEndSamplingParityTest {

    private static final Map<String, String> NAMES = Map.of("euler", "Euler", "euler_ancestral", "Euler a",
            "lms", "LMS", "dpmpp_2m", "DPM++ 2M", "heun", "Heun");
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

    static Stream<String> cases() throws Exception {
        try (Stream<Path> s = Files.list(tiny.resolve("cases"))) {
            return s.filter(p -> Files.exists(p.resolve("case.json"))).map(p -> p.getFileName().toString())
                    .sorted().toList().stream();
        }
    }

    @ParameterizedTest
    @MethodSource("cases")
    void sampleLikeTheReference(String name) throws Exception {
        Path dir = tiny.resolve("cases").resolve(name);
        JsonObject c = JsonParser.parseString(Files.readString(dir.resolve("case.json"))).getAsJsonObject().getAsJsonObject("case");
        try (NDManager m = manager.newSubManager()) {
            NDArray cond = npy(m, dir.resolve("cond.npy"));
            NDArray uncond = npy(m, dir.resolve("uncond.npy"));
            long[] s = Npy.read(dir.resolve("noise.npy")).shape();
            BatchNoise noise = BatchNoise.of(TorchRandomSource.cpu(), List.of(NoiseSpec.of(c.get("seed").getAsLong())),
                    new Shape(s[1], s[2], s[3]));
            NDArray n0 = noise.next(m);
            int steps = c.get("steps").getAsInt();
            double cfg = c.get("cfg_scale").getAsDouble();
            float[] ac = model.alphasCumprod();
            List<float[]> xs = new ArrayList<>();
            List<float[]> ds = new ArrayList<>();
            SamplerContext ctx = SamplerContext.builder(m).noise(noise::next)
                    .callback((i, total, sigma, x, d) -> { xs.add(x.values()); ds.add(d.values()); }).build();
            NDArray out;
            String sampler = c.get("sampler").getAsString();
            if (sampler.equals("ddim")) {
                CfgDenoiser d = new CfgDenoiser(new TimestepsDenoiser(model.unet()::forward, ac, false),
                        MultiCond.simple(ConditioningSchedule.fixed(cond), 1), ConditioningSchedule.fixed(uncond),
                        CfgOptions.of(cfg, steps), NanCheck.a1111(true), new CancellationToken());
                out = new DdimSampler(true).sample(d, n0, TimestepSampler.timesteps(steps, 1000), ac, ctx);
            } else {
                DiscreteSchedule sched = new DiscreteSchedule(ac);
                double[] sigmas = (c.get("scheduler").getAsString().equals("karras") ? Scheduler.KARRAS : Scheduler.UNIFORM)
                        .sigmas(steps, ScheduleParams.forModel(sched));
                CfgDenoiser d = new CfgDenoiser(new CompVisDenoiser(model.unet()::forward, sched, false),
                        MultiCond.simple(ConditioningSchedule.fixed(cond), 1), ConditioningSchedule.fixed(uncond),
                        CfgOptions.of(cfg, steps), NanCheck.a1111(true), new CancellationToken());
                out = new SamplerCatalog().require(NAMES.get(sampler)).newSampler()
                        .sample(d, n0.mul((float) sigmas[0]), sigmas, ctx);
            }
            double worst = 0;
            float[] sx = Npy.read(dir.resolve("steps_x.npy")).floats();
            float[] sd = Npy.read(dir.resolve("steps_denoised.npy")).floats();
            int per = (int) (s[1] * s[2] * s[3]);
            assertThat(xs).hasSize(steps);
            for (int i = 0; i < steps; i++) {
                worst = Math.max(worst, rel(xs.get(i), java.util.Arrays.copyOfRange(sx, i * per, (i + 1) * per)));
                worst = Math.max(worst, rel(ds.get(i), java.util.Arrays.copyOfRange(sd, i * per, (i + 1) * per)));
            }
            double lat = rel(out.toFloatArray(), Npy.read(dir.resolve("latent.npy")).floats());
            System.out.printf("E2E %s steps %.3g latent %.3g%n", name, worst, lat);
            assertThat(worst).isLessThan(1e-3);
            assertThat(lat).isLessThan(1e-3);
        }
    }

    private static NDArray npy(NDManager m, Path p) {
        Npy n = Npy.read(p);
        return m.create(n.floats(), new Shape(n.shape()));
    }

    static double rel(float[] a, float[] b) {
        double mx = 0;
        double md = 0;
        for (int i = 0; i < b.length; i++) {
            mx = Math.max(mx, Math.abs(b[i]));
            md = Math.max(md, Math.abs(a[i] - b[i]));
        }
        return md / mx;
    }
}
