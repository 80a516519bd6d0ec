package dev.sdwebui.sampling.sampler;

import dev.sdwebui.tensor.rng.NvRandomSource;
import java.util.List;

/**
 * Noise for the SDE samplers, k-diffusion's {@code BrownianTreeNoiseSampler} as A1111 creates it
 * ({@code create_noise_sampler}: one tree per image seeded with the image's seed, over
 * [min positive sigma, max sigma]), so an image's result does not depend on its batch.
 * {@code sample(s, s_next) = (W(s_next) - W(s)) / sqrt|s_next - s|}.
 *
 * <p>Our own deterministic Brownian tree, not torchsde's: W(t0) = 0, W(t1) ~ N(0, t1-t0), and each
 * query bisects [t0, t1] down to width (t1-t0)/2^24, drawing every midpoint from the Brownian bridge
 * of its parent interval with normals from Philox keyed by (seed, node index) (the NV generator's
 * counter lane 0 = node, lane 1 = 1). The increments have exactly the right distribution, but the
 * numbers differ from torchsde's, so DPM++ SDE images are not bit-identical with A1111 (A1111 itself
 * differs between CPU and CUDA here).
 */
final class BrownianTreeNoise {

    private static final int DEPTH = 24;

    private final double t0;
    private final double t1;
    private final long[] seeds;
    private final int perImage;
    private final ai.djl.ndarray.types.Shape shape;

    BrownianTreeNoise(double t0, double t1, List<Long> seeds, ai.djl.ndarray.types.Shape shape) {
        if (!(t1 > t0)) {
            throw new IllegalArgumentException("Brownian tree needs sigma_min < sigma_max");
        }
        long batch = shape.get(0);
        if (seeds.size() != batch) {
            throw new IllegalStateException("SDE samplers need one seed per image: " + seeds.size()
                    + " seeds for a batch of " + batch);
        }
        this.t0 = t0;
        this.t1 = t1;
        this.seeds = seeds.stream().mapToLong(Long::longValue).toArray();
        this.perImage = Math.toIntExact(shape.size() / batch);
        this.shape = shape;
    }

    /** A1111: sigma_min = smallest positive sigma, sigma_max = largest. */
    static BrownianTreeNoise forRun(Latent x, double[] sigmas, SamplerContext ctx) {
        double min = Double.POSITIVE_INFINITY;
        double max = 0;
        for (double s : sigmas) {
            if (s > 0) {
                min = Math.min(min, s);
            }
            max = Math.max(max, s);
        }
        return new BrownianTreeNoise(min, max, ctx.imageSeeds(), x.shape());
    }

    Latent sample(double sigma, double sigmaNext) {
        float[] out = new float[perImage * seeds.length];
        double scale = 1 / Math.sqrt(Math.abs(sigmaNext - sigma));
        for (int b = 0; b < seeds.length; b++) {
            double[] wa = w(seeds[b], sigma);
            double[] wb = w(seeds[b], sigmaNext);
            for (int i = 0; i < perImage; i++) {
                out[b * perImage + i] = (float) ((wb[i] - wa[i]) * scale);
            }
        }
        return Latent.of(out, shape);
    }

    /** W(t) of one image's tree. */
    private double[] w(long seed, double tq) {
        double t = Math.min(t1, Math.max(t0, tq));
        double a = t0;
        double b = t1;
        double[] wa = new double[perImage];
        double[] wb = normals(seed, 1);
        double rootScale = Math.sqrt(t1 - t0);
        for (int i = 0; i < perImage; i++) {
            wb[i] *= rootScale;
        }
        long node = 1;
        for (int depth = 0; depth < DEPTH; depth++) {
            double m = 0.5 * (a + b);
            double[] z = normals(seed, 2 * node);
            double sd = Math.sqrt((b - a) / 4);
            double[] wm = new double[perImage];
            for (int i = 0; i < perImage; i++) {
                wm[i] = 0.5 * (wa[i] + wb[i]) + sd * z[i];
            }
            if (t < m) {
                b = m;
                wb = wm;
                node = 2 * node;
            } else {
                a = m;
                wa = wm;
                node = 2 * node + 1;
            }
        }
        double f = b > a ? (t - a) / (b - a) : 0;
        double[] out = new double[perImage];
        for (int i = 0; i < perImage; i++) {
            out[i] = wa[i] + f * (wb[i] - wa[i]);
        }
        return out;
    }

    /** Normals of tree node {@code node}: the midpoint of the node's interval. */
    private double[] normals(long seed, long node) {
        float[] f = NvRandomSource.treeNormals(seed, node, perImage);
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }
}
