package dev.sdwebui.nn;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import dev.sdwebui.device.MemoryMode;
import dev.sdwebui.device.ModulePlacer;
import dev.sdwebui.device.WeightMover;
import dev.sdwebui.model.io.ReadOptions;
import dev.sdwebui.model.io.StateDict;
import dev.sdwebui.model.io.WeightsReader;
import dev.sdwebui.tensor.script.TorchOps;
import dev.sdwebui.testsupport.Npy;
import dev.sdwebui.testsupport.SharedReference;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The real weight mover, exercised on CPU: "moving" to "cpu" makes a fresh copy, exactly as a move to
 * "cuda:0" would, so the in-place storage swap, the unit-to-key mapping and the numbers after every
 * medvram/lowvram/budget move are all checked here (a GPU only changes where the copy lands).
 */
class DeviceWeightsTest {

    private static final Path TINY = SharedReference.sharedDir().resolve("reference/sd1-tiny");
    private static NDManager root;

    @BeforeAll
    static void engine() {
        root = NDManager.newBaseManager("PyTorch");
        JniUtils.setGradMode(false);
    }

    @AfterAll
    static void close() {
        root.close();
    }

    @Test
    void moveToSwapsTheStorageUnderTheSameTensor() {
        try (NDManager m = root.newSubManager(); TorchOps ops = TorchOps.load(m)) {
            ByteBuffer buf = ByteBuffer.allocateDirect(24).order(ByteOrder.nativeOrder());
            for (int i = 0; i < 6; i++) {
                buf.putFloat(i * 4, i);
            }
            NDArray w = m.create(buf, new Shape(2, 3), DataType.FLOAT32);
            buf.putFloat(0, 42f);
            assertThat(w.toFloatArray()[0]).as("zero-copy before the move").isEqualTo(42f);
            ops.moveTo(w, "cpu");
            buf.putFloat(4, 43f);
            assertThat(w.toFloatArray()).as("own storage after the move").containsExactly(42f, 1f, 2f, 3f, 4f, 5f);
            assertThat(w.getShape()).isEqualTo(new Shape(2, 3));
        }
    }

    /**
     * Two model instances over the same weights may get different oneDNN kernels (the choice can depend on
     * memory alignment and the CPU), so their outputs agree to fp32 rounding, not bit for bit: each of the
     * network's ~100 sequential layers may round differently by an ulp (2^-23 relative), which bounds the
     * drift near 100 * 2^-23 = 1.2e-5 of the output's range; a weight not moved or moved wrong is off by
     * orders of magnitude more.
     */
    private static void assertSameNumbers(NDArray actual, NDArray expected, String what) {
        float range = expected.abs().max().getFloat();
        float diff = actual.sub(expected).abs().max().getFloat();
        assertThat(diff).as("%s: max |diff| against an output range of %s", what, range).isLessThanOrEqualTo(2e-5f * range);
    }

    /** Records the placer's unit moves and forwards them to the real mover. */
    private record Recording(WeightMover real, List<String> log) implements WeightMover {
        @Override
        public void toDevice(String unit) {
            log.add("device " + unit);
            real.toDevice(unit);
        }

        @Override
        public void toHost(String unit) {
            log.add("host " + unit);
            real.toHost(unit);
        }
    }

    enum Policy { NORMAL, MEDVRAM, LOWVRAM, BUDGET }

    @ParameterizedTest
    @EnumSource(Policy.class)
    void everyPolicyMovesRealWeightsAndTheModelComputesTheSameNumbers(Policy policy) throws Exception {
        Path file = TINY.resolve("tiny-fp32.safetensors");
        Path c = TINY.resolve("cases/components-64x64");
        List<String> log = new ArrayList<>();
        AtomicReference<DeviceWeights> mover = new AtomicReference<>();
        LoadOptions placed = LoadOptions.defaults().withPlacement("cpu", (real, sizes) -> {
            mover.set((DeviceWeights) real);
            MemoryMode mode = policy == Policy.MEDVRAM ? MemoryMode.MEDVRAM
                    : policy == Policy.LOWVRAM ? MemoryMode.LOWVRAM : MemoryMode.NORMAL;
            long budget = policy == Policy.BUDGET ? sizes.values().stream().mapToLong(Long::longValue).sum() / 2 : 0;
            return new ModulePlacer(mode, new Recording(real, log), sizes, budget);
        });
        try (NDManager m = root.newSubManager();
             SdModel plain = SdModelLoader.load(file, m, LoadOptions.defaults());
             SdModel moved = SdModelLoader.load(file, m, placed)) {
            NDArray x = npy(m, c.resolve("unet_x.npy"));
            NDArray t = npy(m, c.resolve("unet_t.npy"));
            NDArray ctx = npy(m, c.resolve("unet_context.npy"));
            for (int call = 0; call < 2; call++) {
                assertSameNumbers(moved.unet().forward(x, t, ctx), plain.unet().forward(x, t, ctx), "UNet call " + call);
            }
            NDArray latent = npy(m, c.resolve("vae_dec_in.npy"));
            assertSameNumbers(moved.vae().decode(latent), plain.vae().decode(latent), "VAE decode");
            // the moves themselves are copies: every moved tensor holds the file's data bit for bit
            try (StateDict file0 = WeightsReader.read(file, m, ReadOptions.defaults())) {
                StateDict weights = mover.get().weights();
                assertThat(weights.keys()).isNotEmpty();
                for (String k : weights.keys()) {
                    assertThat(weights.get(k).toByteArray()).as(k).isEqualTo(file0.get(k).toByteArray());
                }
            }

            assertThat(mover.get().moves()).isPositive();
            switch (policy) {
                case NORMAL -> assertThat(log).containsExactly("device " + WeightMover.ALL);
                case MEDVRAM -> assertThat(log).contains("device model.diffusion_model", "host model.diffusion_model",
                        "device first_stage_model");
                case LOWVRAM -> assertThat(log).contains("device model.diffusion_model.input_blocks.1",
                        "host model.diffusion_model.input_blocks.1", "device " + ModulePlacer.UNET_REST);
                case BUDGET -> assertThat(log).contains("device cond_stage_model")
                        .anyMatch(s -> s.startsWith("host model.diffusion_model."))
                        .doesNotContain("device model.diffusion_model", "device " + WeightMover.ALL);
            }
        }
    }

    @Test
    void moverTouchesOnlyTheUnitsKeys() throws Exception {
        try (NDManager m = root.newSubManager()) {
            AtomicReference<DeviceWeights> mover = new AtomicReference<>();
            LoadOptions placed = LoadOptions.defaults().withPlacement("cpu", (real, sizes) -> {
                mover.set((DeviceWeights) real);
                return new ModulePlacer(MemoryMode.MEDVRAM, WeightMover.NONE, Map.of(), 0);
            });
            try (SdModel model = SdModelLoader.load(TINY.resolve("tiny-fp32.safetensors"), m, placed)) {
                mover.get().toDevice("first_stage_model");
                long vae = mover.get().moves();
                mover.get().toDevice(WeightMover.ALL);
                long all = mover.get().moves() - vae;
                assertThat(vae).isPositive().isLessThan(all);
                assertThat(model.device()).isEqualTo("cpu");
            }
        }
    }

    private static NDArray npy(NDManager m, Path p) {
        Npy n = Npy.read(p);
        return m.create(n.floats(), new Shape(n.shape()));
    }
}
