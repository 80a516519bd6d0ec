package dev.sdwebui.sampling.sampler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.sdwebui.sampling.SamplerCatalog;
import dev.sdwebui.sampling.SamplerInfo;
import dev.sdwebui.sampling.TinyAlphas;
import dev.sdwebui.sampling.denoise.Denoiser;
import dev.sdwebui.sampling.denoise.EpsModel;
import dev.sdwebui.sampling.schedule.Schedules;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every sampler on a dummy model: denoised = 0.8 x (timestep samplers: eps = 0.3 x), start latent all
 * ones [1, 4, 3, 5], noise source all 0.5, sigmas {10, 5, 2.5, 1, 0.5, 0.1, 0}. With constant inputs
 * every element stays equal, so the mean equals one scalar run of the algorithm.
 *
 * <p>Expected means: src/test/python/sampling/dummy_expect.py, a float64 scalar
 * transcription of k-diffusion sampling.py, A1111's restart/LCM/timestep samplers and uni_pc, run
 * once. The SDE samplers are checked at eta = 0 (deterministic) here and for batch independence of
 * their Brownian noise below.
 */
class DummyDenoiserSamplerTest {

    private static final double[] SIG = {10.0, 5.0, 2.5, 1.0, 0.5, 0.1, 0.0};
    private static final Shape SHAPE = new Shape(1, 4, 3, 5);
    private static final int[] TS = {1, 201, 401, 601, 801};
    private static final Denoiser DUMMY = (x, sigma) -> x.mul(0.8f);
    private static final EpsModel EPS = (x, t) -> x.mul(0.3f);
    private static NDManager manager;
    private final SamplerCatalog catalog = new SamplerCatalog();

    @BeforeAll
    static void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    private static SamplerContext ctx(double eta) {
        return SamplerContext.builder(manager).noise(m -> m.full(SHAPE, 0.5f)).imageSeeds(List.of(1L)).eta(eta).build();
    }

    private double mean(String name, double[] sigmas, double eta) {
        SamplerContext c = ctx(eta);
        try (NDArray out = catalog.require(name).newSampler().sample(DUMMY, manager.ones(SHAPE), sigmas, c)) {
            float[] v = out.toFloatArray();
            for (float f : v) {
                assertThat(f).as(name + " stays constant").isCloseTo(v[0], within(1e-6f * Math.abs(v[0])));
            }
            return out.mean().getFloat();
        }
    }

    private static void near(double got, double want, String what) {
        assertThat(got).as(what).isCloseTo(want, within(1e-4 * Math.abs(want)));
    }

    @Test
    void kSamplersMatchScalarReference() {
        double nan = Double.NaN;
        near(mean("Euler", SIG, nan), 0.43110144000000017, "Euler");
        near(mean("Euler a", SIG, nan), 2.0973337788974944, "Euler a");
        near(mean("Heun", SIG, nan), 0.24010961346560014, "Heun");
        near(mean("DPM2", SIG, nan), 0.29283693385777926, "DPM2");
        near(mean("DPM2 a", SIG, nan), 0.35232433681516034, "DPM2 a");
        near(mean("LMS", SIG, nan), 0.37507430911781664, "LMS");
        near(mean("DPM++ 2S a", SIG, nan), 1.4679643817020327, "DPM++ 2S a");
        near(mean("DPM++ 2M", SIG, nan), 0.33525047279521153, "DPM++ 2M");
        near(mean("DPM++ SDE", SIG, 0), 0.35012406105592353, "DPM++ SDE eta 0");
        near(mean("DPM++ 2M SDE", SIG, 0), 0.33525047279521136, "DPM++ 2M SDE eta 0");
        near(mean("DPM++ 2M SDE Heun", SIG, 0), 0.3132652566286256, "DPM++ 2M SDE Heun eta 0");
        near(mean("DPM++ 3M SDE", SIG, 0), 0.32312392708408455, "DPM++ 3M SDE eta 0");
        near(mean("LCM", SIG, nan), 2.049344, "LCM");
        near(mean("Restart", SIG, nan), 0.24010961346560014, "Restart < 20 steps = Heun");
        near(mean("DPM fast", SIG, nan), 0.4300903032436358, "DPM fast");
        near(mean("DPM adaptive", SIG, nan), 0.39039114753104887, "DPM adaptive");
    }

    @Test
    void restartWithRestartSegment() {
        double[] karras20 = Schedules.karras(20, 0.0292, 14.6146, 7.0);
        int[] calls = {0};
        SamplerContext c = SamplerContext.builder(manager).noise(m -> m.full(SHAPE, 0.5f))
                .callback((s, total, sigma, x, d) -> calls[0]++).build();
        try (NDArray out = new RestartSampler().sample(DUMMY, manager.ones(SHAPE), karras20, c)) {
            near(out.mean().getFloat(), 0.4598274059632658, "Restart 20 steps");
        }
        assertThat(calls[0]).as("Heun steps incl. 9 restart steps").isEqualTo(20);
    }

    @Test
    void timestepSamplersMatchScalarReference() {
        float[] ac = TinyAlphas.sd1Formula();
        near(timestepMean(new DdimSampler(true), ac), 2.872913617296035, "DDIM (CompVis loop)");
        near(timestepMean(catalog.require("DDIM").newTimestepSampler(), ac), 2.882179591382569, "DDIM (A1111 loop)");
        near(timestepMean(catalog.require("PLMS").newTimestepSampler(), ac), 2.5485546235752508, "PLMS");
        near(timestepMean(catalog.require("UniPC").newTimestepSampler(), ac), 5.231737475296532, "UniPC bh1");
        assertThat(TimestepSampler.timesteps(5, 1000)).containsExactly(TS);
    }

    private static double timestepMean(TimestepSampler s, float[] ac) {
        try (NDArray out = s.sample(EPS, manager.ones(SHAPE), TS, ac, ctx(Double.NaN))) {
            return out.mean().getFloat();
        }
    }

    @Test
    void secondOrderSamplersCountModelCalls() {
        SamplerContext c = ctx(Double.NaN);
        new HeunSampler().sample(DUMMY, manager.ones(SHAPE), SIG, c).close();
        assertThat(c.denoiserCalls()).isEqualTo(2 * 6 - 1);
        for (SamplerInfo info : catalog.samplers()) {
            if (!info.isTimestepSampler()) {
                assertThat(info.newSampler().callsPerStep()).as(info.name()).isEqualTo(info.secondOrder() ? 2 : 1);
            }
        }
    }

    /** A1111 seeds one Brownian tree per image: image 0 must not change when the batch grows. */
    @Test
    void sdeNoiseIsBatchIndependent() {
        Shape one = new Shape(1, 4, 3, 5);
        Shape two = new Shape(2, 4, 3, 5);
        for (String name : List.of("DPM++ SDE", "DPM++ 2M SDE", "DPM++ 3M SDE")) {
            Sampler s = catalog.require(name).newSampler();
            SamplerContext c1 = SamplerContext.builder(manager).imageSeeds(List.of(11L)).build();
            SamplerContext c2 = SamplerContext.builder(manager).imageSeeds(List.of(11L, 12L)).build();
            float[] a = s.sample(DUMMY, manager.ones(one), SIG, c1).toFloatArray();
            float[] b = s.sample(DUMMY, manager.ones(two), SIG, c2).toFloatArray();
            float[] eta0 = s.sample(DUMMY, manager.ones(one), SIG,
                    SamplerContext.builder(manager).imageSeeds(List.of(11L)).eta(0).build()).toFloatArray();
            assertThat(java.util.Arrays.copyOf(b, a.length)).as(name).containsExactly(a);
            assertThat(a).as(name + " noise matters").isNotEqualTo(eta0);
            for (float f : a) {
                assertThat(Float.isFinite(f)).isTrue();
            }
        }
    }

    @Test
    void lmsCoefficientsIntegrateLagrangeBasis() {
        // order 1: the integral of 1 over [t_i, t_{i+1}] = t_{i+1} - t_i
        assertThat(LmsCoefficients.coefficient(1, SIG, 0, 0)).isCloseTo(-5.0, within(1e-12));
        // order 2 at i = 1 over [5, 2.5], nodes 5 (j=0) and 10 (j=1), basis of node 5 = (tau-10)/(5-10):
        // int_5^2.5 (tau - 10)/(-5) dtau = [-(tau-10)^2/10]_5^2.5 = -(56.25 - 25)/10 = -3.125
        assertThat(LmsCoefficients.coefficient(2, SIG, 1, 0)).isCloseTo(-3.125, within(1e-12));
        assertThat(LmsCoefficients.integrate(Math::exp, 0, 1, 1e-12)).isCloseTo(Math.E - 1, within(1e-10));
    }
}
