package dev.sdwebui.tensor.rng;

/**
 * Philox-4x32-10 counter-based generator plus the single-output Box-Muller transform, as A1111's
 * {@code modules/rng_philox.py} computes it (which in turn reproduces {@code torch.randn} on NVIDIA
 * CUDA). Pure function of (key, counter): no state.
 *
 * <p>Per element {@code i} of a request: counter = (offset, offsetHigh, i, 0), key = seed split into
 * (low 32 bits, high 32 bits). Only counter lanes 0 and 1 of the output feed Box-Muller.
 */
final class Philox {

    private static final long M0 = 0xD2511F53L;
    private static final long M1 = 0xCD9E8D57L;
    private static final int W0 = 0x9E3779B9;
    private static final int W1 = 0xBB67AE85;
    private static final long MASK = 0xFFFFFFFFL;
    /** numpy promotes uint32 * float32 array to float64: these are the float32 constants widened. */
    private static final double TWO_POW32_INV = (double) 2.3283064e-10f;
    private static final double TWO_POW32_INV_2PI = (double) (float) (2.3283064e-10 * 6.2831855);

    private Philox() {
    }

    /**
     * Fills {@code out} with {@code out.length} normals for (seed, offset), element index as the
     * third counter lane. {@code offsetHigh} is 0 for A1111's generator; the Brownian tree uses it
     * to widen the counter.
     */
    static void randn(long seed, int offset, int offsetHigh, float[] out) {
        int k0 = (int) seed;
        int k1 = (int) (seed >>> 32);
        for (int i = 0; i < out.length; i++) {
            out[i] = normal(k0, k1, offset, offsetHigh, i);
        }
    }

    static float normal(int key0, int key1, int c0, int c1, int c2) {
        int k0 = key0;
        int k1 = key1;
        int c3 = 0;
        for (int round = 0; round < 10; round++) {
            long v1 = (c0 & MASK) * M0;
            long v2 = (c2 & MASK) * M1;
            int n0 = (int) (v2 >>> 32) ^ c1 ^ k0;
            int n1 = (int) v2;
            int n2 = (int) (v1 >>> 32) ^ c3 ^ k1;
            int n3 = (int) v1;
            c0 = n0;
            c1 = n1;
            c2 = n2;
            c3 = n3;
            if (round < 9) {
                k0 += W0;
                k1 += W1;
            }
        }
        // Ref: rng_philox.box_muller, in float64 as numpy evaluates it, rounded to float32 at the end.
        double u = (c0 & MASK) * TWO_POW32_INV + TWO_POW32_INV / 2;
        double v = (c1 & MASK) * TWO_POW32_INV_2PI + TWO_POW32_INV_2PI / 2;
        double s = Math.sqrt(-2.0 * Math.log(u));
        return (float) (s * Math.sin(v));
    }
}
