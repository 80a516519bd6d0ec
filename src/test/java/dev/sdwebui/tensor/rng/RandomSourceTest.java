package dev.sdwebui.tensor.rng;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.sdwebui.testsupport.Npy;
import dev.sdwebui.testsupport.SharedReference;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RandomSourceTest {

    private static NDManager manager;

    @BeforeAll
    static void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    /** CPU source == torch.manual_seed(seed); torch.randn(shape) of every reference case, bit for bit. */
    @Test
    void cpuNoiseEqualsEveryReferenceCase() throws IOException {
        Path cases = SharedReference.tinyDir().resolve("cases");
        List<Path> dirs;
        try (Stream<Path> s = Files.list(cases)) {
            dirs = s.filter(p -> Files.exists(p.resolve("noise.npy"))).sorted().toList();
        }
        assertThat(dirs).hasSizeGreaterThanOrEqualTo(11);
        TorchRandomSource cpu = TorchRandomSource.cpu();
        for (Path dir : dirs) {
            JsonObject c = JsonParser.parseString(Files.readString(dir.resolve("case.json"))).getAsJsonObject()
                    .getAsJsonObject("case");
            long seed = c.get("seed").getAsLong();
            Npy expected = Npy.read(dir.resolve("noise.npy"));
            long[] s = expected.shape();
            ImageNoise noise = new ImageNoise(cpu, NoiseSpec.of(seed), new Shape(s[1], s[2], s[3]));
            try (NDArray got = noise.next(manager)) {
                assertThat(got.toFloatArray()).as(dir.getFileName().toString()).containsExactly(expected.floats());
            }
        }
    }

    /** Interleaving two images' streams must not disturb either (the global-generator replay). */
    @Test
    void cpuStreamsSurviveInterleaving() {
        TorchRandomSource cpu = TorchRandomSource.cpu();
        Shape shape = new Shape(4, 3, 5);
        NoiseGenerator a = cpu.create(7);
        float[] a1 = draw(a, shape);
        float[] a2 = draw(a, shape);
        NoiseGenerator x = cpu.create(7);
        NoiseGenerator y = cpu.create(8);
        float[] x1 = draw(x, shape);
        float[] y1 = draw(y, shape);
        float[] x2 = draw(x, shape);
        assertThat(x1).containsExactly(a1);
        assertThat(x2).containsExactly(a2);
        assertThat(y1).isNotEqualTo(a1);
        // the GPU source on a CPU device is the CPU generator (A1111 torch.randn(device=cpu))
        NoiseGenerator g = TorchRandomSource.gpu(ai.djl.Device.cpu()).create(7);
        assertThat(draw(g, shape)).containsExactly(a1);
    }

    /**
     * NV vectors. Expected values from src/test/python/sampling/philox.py, a line-by-line numpy transcription of
     * A1111's rng_philox.py (uint32 counters, key = seed split low/high, 10 rounds, float64 Box-Muller
     * on lanes 0/1 as numpy promotes, cast to float32): {@code randn(seed, offset, 6)} for seeds 0, 1,
     * 2^32-1 and offsets 0 (first call) and 1 (second call).
     */
    @Test
    void nvMatchesA1111PhiloxFormula() {
        float[][] expected = {
            {-0.9246624112129211f, -0.42534396052360535f, -2.643845796585083f, 0.14518387615680695f,
                -0.12086650729179382f, -0.5797256827354431f},
            {0.18082588911056519f, -0.5522627234458923f, 0.9238134026527405f, -0.7349703311920166f,
                1.3799946308135986f, 0.8676307201385498f},
            {-0.29627782106399536f, 2.676448106765747f, -0.1408464014530182f, -0.8440950512886047f,
                0.29053840041160583f, -0.28383082151412964f},
            {-0.6339836716651917f, -0.6431312561035156f, -0.6420136094093323f, -1.4471008777618408f,
                0.4446769952774048f, -0.6072625517845154f},
            {-0.03415844216942787f, 0.3904449939727783f, 1.5272352695465088f, 0.1869903802871704f,
                0.13125650584697723f, -0.29925575852394104f},
            {-0.8753400444984436f, 0.4505029618740082f, -0.11009462922811508f, -0.2534298896789551f,
                1.2835984230041504f, 1.020856499671936f},
        };
        long[] seeds = {0, 1, 4294967295L};
        NvRandomSource nv = new NvRandomSource();
        for (int si = 0; si < seeds.length; si++) {
            NoiseGenerator g = nv.create(seeds[si]);
            for (int off = 0; off < 2; off++) {
                float[] got = draw(g, new Shape(2, 3));
                float[] want = expected[si * 2 + off];
                for (int i = 0; i < 6; i++) {
                    // numpy's and Java's double log/sin may differ in the last double bit: 1 float ulp.
                    assertThat(got[i]).as("seed %d call %d [%d]", seeds[si], off, i)
                            .isCloseTo(want[i], within(Math.ulp(want[i])));
                }
            }
        }
        // rng_philox docstring: Generator(0).randn((3, 4)) row 0 (printed from torch, agrees to ~2e-7)
        float[] row = draw(nv.create(0), new Shape(3, 4));
        float[] doc = {-0.92466259f, -0.42534415f, -2.6438457f, 0.14518388f};
        for (int i = 0; i < 4; i++) {
            assertThat(row[i]).isCloseTo(doc[i], within(1e-6f));
        }
    }

    @Test
    void subseedStrengthZeroKeepsNoiseAndOneGivesVariation() {
        NvRandomSource nv = new NvRandomSource();
        Shape shape = new Shape(4, 8, 8);
        float[] base = next(new ImageNoise(nv, NoiseSpec.of(5), shape));
        float[] sub = next(new ImageNoise(nv, NoiseSpec.of(9), shape));
        float[] s1 = next(new ImageNoise(nv, new NoiseSpec(5, 9, 1.0, 0, 0, 0), shape));
        float[] half = next(new ImageNoise(nv, new NoiseSpec(5, 9, 0.5, 0, 0, 0), shape));
        for (int i = 0; i < base.length; i++) {
            assertThat(s1[i]).isCloseTo(sub[i], within(1e-5f));
        }
        // strength 0.5 of two independent normals: per (c, w) column a rotation with ||low|| ~ ||high||
        assertThat(half).isNotEqualTo(base).isNotEqualTo(sub);
    }

    @Test
    void slerpNearParallelUsesA1111sInvertedLerp() {
        float[] low = {1, 2, 3, 4};
        float[] high = {1, 2, 3, 4.0001f};
        float[] out = Slerp.slerp(0.25, low, high, 1, 2, 2);
        // dot ~ 1 > 0.9995: low*val + high*(1-val)
        assertThat(out[3]).isCloseTo(4 * 0.25f + 4.0001f * 0.75f, within(1e-6f));
    }

    @Test
    void seedResizePastesCentredNoise() {
        NvRandomSource nv = new NvRandomSource();
        // noise made at 32x32 px (4x4 latent) pasted into a 64x64 px (8x8 latent) draw of the same seed
        float[] small = next(new ImageNoise(nv, NoiseSpec.of(3), new Shape(4, 4, 4)));
        float[] big = next(new ImageNoise(nv, new NoiseSpec(3, 0, 0, 32, 32, 0), new Shape(4, 8, 8)));
        assertThat(big[(0 * 8 + 2) * 8 + 2]).isEqualTo(small[0]);
        assertThat(big[(3 * 8 + 5) * 8 + 5]).isEqualTo(small[(3 * 4 + 3) * 4 + 3]);
    }

    @Test
    void ensdReseedsAfterTheFirstDraw() {
        NvRandomSource nv = new NvRandomSource();
        Shape shape = new Shape(1, 2, 2);
        ImageNoise image = new ImageNoise(nv, new NoiseSpec(10, 0, 0, 0, 0, 31337), shape);
        float[] first = next(image);
        float[] second = next(image);
        assertThat(first).containsExactly(draw(nv.create(10), shape));
        assertThat(second).containsExactly(draw(nv.create(10 + 31337), shape));
    }

    @Test
    void sharedSourcesKeepStreamsAcrossCpuAndGpuNames() {
        RandomSources sources = new RandomSources(ai.djl.Device.cpu());
        Shape shape = new Shape(2, 2, 4);
        NoiseGenerator ref = TorchRandomSource.cpu().create(3);
        float[] r1 = draw(ref, shape);
        float[] r2 = draw(ref, shape);
        NoiseGenerator a = sources.byName("cpu").create(3);
        NoiseGenerator b = sources.byName("GPU").create(4);
        assertThat(draw(a, shape)).containsExactly(r1);
        draw(b, shape);
        assertThat(draw(a, shape)).containsExactly(r2);
        assertThat(sources.byName("NV")).isInstanceOf(NvRandomSource.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> sources.byName("TPU"))
                .hasMessageContaining("randn_source must be one of GPU, CPU, NV");
    }

    @Test
    void seedsFollowA1111() {
        assertThat(Seeds.imageSeeds(100, 3, 0)).containsExactly(100L, 101L, 102L);
        assertThat(Seeds.imageSeeds(100, 3, 0.3)).containsExactly(100L, 100L, 100L);
        assertThat(Seeds.imageSubseeds(7, 2)).containsExactly(7L, 8L);
        assertThat(Seeds.resolve(-1, new java.util.Random(1))).isBetween(0L, Seeds.RANDOM_SEED_BOUND - 1);
        assertThat(Seeds.resolve(42, new java.util.Random(1))).isEqualTo(42);
    }

    private static float[] next(ImageNoise n) {
        try (NDArray a = n.next(manager)) {
            return a.toFloatArray();
        }
    }

    private static float[] draw(NoiseGenerator g, Shape shape) {
        try (NDArray a = g.randn(manager, shape)) {
            return a.toFloatArray();
        }
    }
}
