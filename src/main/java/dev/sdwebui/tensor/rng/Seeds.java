package dev.sdwebui.tensor.rng;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/** A1111's seed arithmetic ({@code processing.get_fixed_seed}, {@code all_seeds}, {@code all_subseeds}). */
public final class Seeds {

    /** A1111 draws random seeds with {@code random.randrange(4294967294)}. */
    public static final long RANDOM_SEED_BOUND = 4294967294L;

    private Seeds() {
    }

    /** -1 (or any negative value) becomes a random seed in [0, 4294967294). */
    public static long resolve(long seed, RandomGenerator random) {
        return seed < 0 ? random.nextLong(RANDOM_SEED_BOUND) : seed;
    }

    /** Seeds of the images of a job: seed + i, or the same seed for all when a variation strength is set. */
    public static List<Long> imageSeeds(long seed, int count, double subseedStrength) {
        List<Long> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(seed + (subseedStrength == 0 ? i : 0));
        }
        return out;
    }

    /** Variation seeds of the images of a job: subseed + i. */
    public static List<Long> imageSubseeds(long subseed, int count) {
        List<Long> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(subseed + i);
        }
        return out;
    }
}
