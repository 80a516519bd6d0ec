package dev.sdwebui.tensor.rng;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * "NV": A1111's CPU re-implementation of NVIDIA's {@code torch.randn} (Philox-4x32-10 + Box-Muller),
 * so a seed gives the same noise on any device. Each {@code randn} call uses the generator's call
 * counter as counter lane 0 and then increments it, as {@code rng_philox.Generator.randn} does.
 */
public final class NvRandomSource implements RandomSource {

    @Override
    public String name() {
        return "NV";
    }

    @Override
    public NoiseGenerator create(long seed) {
        return new Generator(seed);
    }

    /** Draws {@code n} numbers for the {@code offset}-th call of a generator seeded with {@code seed}. */
    public static float[] randn(long seed, int offset, int n) {
        float[] out = new float[n];
        Philox.randn(seed, offset, 0, out);
        return out;
    }

    /**
     * Normals for a Brownian-tree node: the same Philox stream with counter lane 1 = 1 (A1111's
     * generator always uses 0 there, so the two never overlap) and lane 0 = node (low 32 bits;
     * trees are at most 2^25 nodes deep-indexed).
     */
    public static float[] treeNormals(long seed, long node, int n) {
        float[] out = new float[n];
        Philox.randn(seed, (int) node, 1, out);
        return out;
    }

    private static final class Generator implements NoiseGenerator {
        private final long seed;
        private int offset;

        Generator(long seed) {
            this.seed = seed;
        }

        @Override
        public long seed() {
            return seed;
        }

        @Override
        public NDArray randn(NDManager manager, Shape shape) {
            float[] data = NvRandomSource.randn(seed, offset++, Math.toIntExact(shape.size()));
            return manager.create(data, shape);
        }
    }
}
