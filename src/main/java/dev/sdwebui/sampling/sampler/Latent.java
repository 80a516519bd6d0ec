package dev.sdwebui.sampling.sampler;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * An immutable float32 latent [B, C, h, w] held on the Java heap for the sampler's own arithmetic.
 *
 * <p>Why not NDArray: a sampler step is a handful of element-wise float ops on at most a few hundred
 * thousand values, next to a network call that costs seconds. Doing them here keeps every sampler
 * free of native-memory bookkeeping, makes the float32 rounding explicit (each op rounds to float as
 * torch's float32 ops do) and lets the tests check them without libtorch. Only the denoiser call
 * crosses into NDArray ({@link SamplerContext#denoise}).
 */
public final class Latent {

    private final float[] v;
    private final Shape shape;

    private Latent(float[] v, Shape shape) {
        this.v = v;
        this.shape = shape;
    }

    public static Latent of(float[] values, Shape shape) {
        if (values.length != shape.size()) {
            throw new IllegalArgumentException(values.length + " values do not fill shape " + shape);
        }
        return new Latent(values.clone(), shape);
    }

    public static Latent of(NDArray a) {
        if (a.getDataType() == ai.djl.ndarray.types.DataType.FLOAT32) {
            return new Latent(a.toFloatArray(), a.getShape());
        }
        try (NDArray f = a.toType(ai.djl.ndarray.types.DataType.FLOAT32, true)) {
            return new Latent(f.toFloatArray(), a.getShape());
        }
    }

    public NDArray toNDArray(NDManager manager) {
        return manager.create(v, shape);
    }

    public Shape shape() {
        return shape;
    }

    public int size() {
        return v.length;
    }

    /** Copy of the values (row-major). */
    public float[] values() {
        return v.clone();
    }

    public float get(int i) {
        return v[i];
    }

    /** this + o*k. */
    public Latent plus(Latent o, double k) {
        check(o);
        float kf = (float) k;
        float[] r = new float[v.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = v[i] + o.v[i] * kf;
        }
        return new Latent(r, shape);
    }

    public Latent plus(Latent o) {
        check(o);
        float[] r = new float[v.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = v[i] + o.v[i];
        }
        return new Latent(r, shape);
    }

    public Latent minus(Latent o) {
        check(o);
        float[] r = new float[v.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = v[i] - o.v[i];
        }
        return new Latent(r, shape);
    }

    public Latent times(double k) {
        float kf = (float) k;
        float[] r = new float[v.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = v[i] * kf;
        }
        return new Latent(r, shape);
    }

    /** a*this + b*o. */
    public Latent combine(double a, Latent o, double b) {
        check(o);
        float af = (float) a;
        float bf = (float) b;
        float[] r = new float[v.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = v[i] * af + o.v[i] * bf;
        }
        return new Latent(r, shape);
    }

    /** k-diffusion to_d: (x - denoised) / sigma. */
    public static Latent toD(Latent x, double sigma, Latent denoised) {
        x.check(denoised);
        float s = (float) sigma;
        float[] r = new float[x.v.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = (x.v[i] - denoised.v[i]) / s;
        }
        return new Latent(r, x.shape);
    }

    public double sum() {
        double s = 0;
        for (float f : v) {
            s += f;
        }
        return s;
    }

    public double mean() {
        return sum() / v.length;
    }

    public double absMax() {
        double m = 0;
        for (float f : v) {
            m = Math.max(m, Math.abs(f));
        }
        return m;
    }

    private void check(Latent o) {
        if (o.v.length != v.length) {
            throw new IllegalArgumentException("latent shapes differ: " + shape + " vs " + o.shape);
        }
    }
}
