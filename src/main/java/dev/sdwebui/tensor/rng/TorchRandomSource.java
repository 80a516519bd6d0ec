package dev.sdwebui.tensor.rng;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * "CPU" and "GPU": libtorch's own generator, bit-exact with {@code torch.manual_seed(s);
 * torch.randn(shape)} (CPU: mt19937 + Box-Muller; measured in djl-notes.md).
 *
 * <p>Why the replay: DJL exposes only libtorch's process-global default generator
 * ({@code JniUtils.setSeed}), while A1111 keeps one {@code torch.Generator} per image and continues
 * it for ancestral noise. Each {@link NoiseGenerator} here therefore records the shapes it has drawn;
 * when another generator used the global one in between, the stream is restored by re-seeding and
 * re-drawing those shapes (a few ms per image and step). All access to the global generator goes
 * through one lock shared by the "CPU" and "GPU" sources of one {@link RandomSources}. Rule for the
 * rest of the code base: never draw from libtorch's default generator directly
 * ({@code JniUtils.setSeed}, {@code NDManager.randomNormal/randomUniform}); take a
 * {@link NoiseGenerator} instead, or a stream continued here would silently go wrong.
 *
 * <p>Draws always happen in FLOAT32 (drawing in fp16 gives different numbers); cast afterwards.
 */
public final class TorchRandomSource implements RandomSource {

    private static final Logger LOG = LoggerFactory.getLogger(TorchRandomSource.class);

    private final String name;
    private final Device device;
    private final GlobalGenerator global;

    private TorchRandomSource(String name, Device device, GlobalGenerator global) {
        this.name = name;
        this.device = device;
        this.global = global;
    }

    /** A1111 "CPU": torch's CPU generator (with its own guard: use {@link RandomSources} in the app). */
    public static TorchRandomSource cpu() {
        return cpu(new GlobalGenerator());
    }

    static TorchRandomSource cpu(GlobalGenerator global) {
        return new TorchRandomSource("CPU", Device.cpu(), global);
    }

    /**
     * A1111 "GPU": torch's generator on the compute device. On a CPU-only run A1111's
     * {@code torch.randn(device=cpu)} is the CPU generator, so this is identical to "CPU".
     */
    public static TorchRandomSource gpu(Device computeDevice) {
        return gpu(computeDevice, new GlobalGenerator());
    }

    static TorchRandomSource gpu(Device computeDevice, GlobalGenerator global) {
        if (!computeDevice.isGpu()) {
            LOG.info("randn_source GPU on device {}: using the CPU generator (same numbers as A1111 on CPU)",
                    computeDevice);
            return new TorchRandomSource("GPU", Device.cpu(), global);
        }
        return new TorchRandomSource("GPU", computeDevice, global);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public NoiseGenerator create(long seed) {
        return new Stream(seed);
    }

    private NDArray draw(Stream stream, NDManager manager, Shape shape) {
        synchronized (global) {
            if (global.owner != stream || global.ownerDraws != stream.history.size()) {
                replay(stream, manager);
            }
            NDArray out = drawRaw(manager, shape);
            stream.history.add(shape);
            global.owner = stream;
            global.ownerDraws = stream.history.size();
            return out;
        }
    }

    private void replay(Stream stream, NDManager manager) {
        JniUtils.setSeed(stream.seed);
        try (NDManager scratch = manager.newSubManager()) {
            for (Shape s : stream.history) {
                drawRaw(scratch, s);
            }
        }
    }

    private NDArray drawRaw(NDManager manager, Shape shape) {
        if (manager.getDevice().equals(device)) {
            return manager.randomNormal(0f, 1f, shape, DataType.FLOAT32);
        }
        // Draw on the generator's device, then move (A1111: torch.randn(device=cpu).to(device)).
        try (NDManager onDevice = manager.newSubManager(device)) {
            NDArray drawn = onDevice.randomNormal(0f, 1f, shape, DataType.FLOAT32);
            NDArray moved = drawn.toDevice(manager.getDevice(), true);
            moved.attach(manager);
            return moved;
        }
    }

    private final class Stream implements NoiseGenerator {
        private final long seed;
        private final List<Shape> history = new ArrayList<>();

        Stream(long seed) {
            this.seed = seed;
        }

        @Override
        public long seed() {
            return seed;
        }

        @Override
        public NDArray randn(NDManager manager, Shape shape) {
            return draw(this, manager, shape);
        }
    }

    /**
     * Who last advanced libtorch's process-global generator, and how far. One instance per process
     * (held by {@link RandomSources}); it is also the lock.
     */
    static final class GlobalGenerator {
        private Object owner;
        private int ownerDraws;
    }
}
