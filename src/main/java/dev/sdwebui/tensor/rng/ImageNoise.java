package dev.sdwebui.tensor.rng;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * The noise stream of one image, A1111's {@code ImageRNG} for a single seed: {@link #first} makes the
 * initial latent noise (with variation seed and seed resize), every later {@link #next} continues the
 * same generator (ancestral/sampler noise, hires-fix noise), re-seeded with seed + ENSD after the
 * first draw when ENSD is set. Not thread-safe; one per image per job.
 */
public final class ImageNoise {

    private final RandomSource source;
    private final NoiseSpec spec;
    private final Shape shape; // [C, H/8, W/8]
    private NoiseGenerator generator;
    private boolean first = true;

    public ImageNoise(RandomSource source, NoiseSpec spec, Shape shape) {
        if (shape.dimension() != 3) {
            throw new IllegalArgumentException("image noise shape must be [C, h, w], got " + shape);
        }
        this.source = source;
        this.spec = spec;
        this.shape = shape;
        this.generator = source.create(spec.seed());
    }

    /** Shape of one draw: [C, h, w]. */
    public Shape shape() {
        return shape;
    }

    /** The next tensor [C, h, w]; the first call is the initial noise. */
    public NDArray next(NDManager manager) {
        if (first) {
            first = false;
            return first(manager);
        }
        return generator.randn(manager, shape);
    }

    private NDArray first(NDManager manager) {
        int c = (int) shape.get(0);
        int h = (int) shape.get(1);
        int w = (int) shape.get(2);
        Shape noiseShape = spec.resizes()
                ? new Shape(c, spec.resizeFromHeight() / 8, spec.resizeFromWidth() / 8) : shape;
        float[] subnoise = null;
        if (spec.subseedStrength() != 0) {
            subnoise = draw(source.create(spec.subseed()), manager, noiseShape);
        }
        float[] noise = noiseShape.equals(shape)
                ? draw(generator, manager, shape)
                : draw(source.create(spec.seed()), manager, noiseShape);
        int nh = (int) noiseShape.get(1);
        int nw = (int) noiseShape.get(2);
        if (subnoise != null) {
            noise = Slerp.slerp(spec.subseedStrength(), noise, subnoise, c, nh, nw);
        }
        if (!noiseShape.equals(shape)) {
            float[] x = draw(generator, manager, shape);
            paste(noise, nh, nw, x, c, h, w);
            noise = x;
        }
        if (spec.etaNoiseSeedDelta() != 0) {
            generator = source.create(spec.seed() + spec.etaNoiseSeedDelta());
        }
        return manager.create(noise, shape);
    }

    private static float[] draw(NoiseGenerator g, NDManager manager, Shape s) {
        try (NDArray a = g.randn(manager, s)) {
            return a.toFloatArray();
        }
    }

    /** Centres the small noise in the full-size one, cropping when it is larger (A1111 ImageRNG.first). */
    private static void paste(float[] small, int nh, int nw, float[] full, int c, int h, int w) {
        // Python floor division, as A1111 writes it.
        int dx = Math.floorDiv(w - nw, 2);
        int dy = Math.floorDiv(h - nh, 2);
        int cw = dx >= 0 ? nw : nw + 2 * dx;
        int ch = dy >= 0 ? nh : nh + 2 * dy;
        int tx = Math.max(dx, 0);
        int ty = Math.max(dy, 0);
        int sx = Math.max(-dx, 0);
        int sy = Math.max(-dy, 0);
        for (int ci = 0; ci < c; ci++) {
            for (int yi = 0; yi < ch; yi++) {
                for (int xi = 0; xi < cw; xi++) {
                    full[(ci * h + ty + yi) * w + tx + xi] = small[(ci * nh + sy + yi) * nw + sx + xi];
                }
            }
        }
    }
}
