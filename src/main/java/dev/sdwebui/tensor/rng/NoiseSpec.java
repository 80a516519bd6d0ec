package dev.sdwebui.tensor.rng;

/**
 * What A1111 needs to make one image's noise: seed, variation seed and strength, and the optional
 * "resize seed from" size in pixels (0 = off). Ref: A1111 modules/rng.py ImageRNG.
 *
 * @param seed              the image seed (already resolved, not -1)
 * @param subseed           variation seed
 * @param subseedStrength   0 = no variation, 1 = only the variation noise
 * @param resizeFromWidth   "Resize seed from width", pixels; 0 = off
 * @param resizeFromHeight  "Resize seed from height", pixels; 0 = off
 * @param etaNoiseSeedDelta ENSD: after the initial noise the generator is re-seeded with seed + ENSD
 */
public record NoiseSpec(long seed, long subseed, double subseedStrength, int resizeFromWidth,
                        int resizeFromHeight, long etaNoiseSeedDelta) {

    public NoiseSpec {
        if (!(subseedStrength >= 0 && subseedStrength <= 1)) {
            throw new IllegalArgumentException("subseed_strength must be between 0 and 1, got " + subseedStrength);
        }
        if (resizeFromWidth < 0 || resizeFromHeight < 0) {
            throw new IllegalArgumentException("seed resize size must not be negative");
        }
    }

    /** Plain seed, no variation, no resize, no ENSD. */
    public static NoiseSpec of(long seed) {
        return new NoiseSpec(seed, 0, 0, 0, 0, 0);
    }

    boolean resizes() {
        return resizeFromWidth > 0 && resizeFromHeight > 0;
    }
}
