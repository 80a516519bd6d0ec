package dev.sdwebui.tensor.rng;

/**
 * A1111's setting {@code randn_source} (infotext {@code RNG}): which generator turns a seed into noise.
 * Ref: A1111 modules/rng.py create_generator / randn.
 */
public interface RandomSource {

    /** The A1111 name of the source: "GPU", "CPU" or "NV". */
    String name();

    /** A fresh generator seeded with {@code seed} (Python-int semantics: the low 64 bits). */
    NoiseGenerator create(long seed);
}
