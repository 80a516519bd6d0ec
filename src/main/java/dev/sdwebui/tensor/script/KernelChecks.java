package dev.sdwebui.tensor.script;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which kernel each conv/linear/attention configuration of a model computes with, chosen by a self-test the
 * first time the configuration is met, and remembered for the model's life. Covers the bf16 ops of
 * {@code --cpu-bf16} ({@link #conv}, {@link #linear}, {@link #sdpa}) and the layout of the fp32 convolution ({@link #fp32Conv}).
 *
 * <p>Why: libtorch 2.7.1's oneDNN bf16 convolution in NCHW order computes wrong numbers on AMD Zen 4/5
 * (avx512_bf16, no AMX) for 3x3 kernels whose output channel count is not a multiple of 16 (the UNet's
 * {@code out.2} 320->4, the VAE's {@code conv_out} 128->3): errors of 20-50% of the output's range, where
 * PyTorch 2.13 on the same machine is within bf16 rounding. The same conv with channels-last activations
 * is right there, and on Intel (AMX) both are right. Rather than key a workaround on CPU names, every
 * configuration is checked on the machine it runs on: candidates are tried in order of preference and the
 * first whose result is within {@link #TOLERANCE} of fp32 is kept; fp32 itself is the last resort. A
 * fallback is logged once per configuration and model load.
 *
 * <p>The fp32 convolution has a flaw of the same kind on that CPU: in NCHW order, 3x3 convs whose input channel
 * count is above 16 and not a multiple of 16 (20, 24, 40...) return wrong values, even NaN, from about 24x24
 * pixels up, depending on the size and the thread count, while channels-last and float64 agree. A probe cannot
 * pin that down cheaply, so that class of fp32 conv always runs channels-last ({@link #fp32Conv}; same numbers
 * to fp32 rounding on CPUs without the flaw). No SD 1.x/2.x/XL layer is in it (4, 8, 9 and multiples of 16).
 *
 * <p>Thread-safe (the verdicts are a concurrent map; a race re-tests a configuration, harmlessly).
 */
public final class KernelChecks {

    private static final Logger LOG = LoggerFactory.getLogger(KernelChecks.class);

    /**
     * Relative RMS error ||y - ref|| / ||ref|| a bf16 kernel may show against fp32 on the probe. Rounding
     * inputs and weights to bf16 (8 significant bits) gives about 0.3% here; the broken kernels give 20% and
     * more, so 3% separates them with a margin of 10 both ways.
     */
    public static final double TOLERANCE = 0.03;

    private final List<ConvKernel> convCandidates;
    private final ConvKernel convFp32;
    private final ConvKernel convFp32ChannelsLast;
    private final List<LinearKernel> linearCandidates;
    private final LinearKernel linearFp32;
    private final TorchOps ops;
    private final Map<String, ConvKernel> convVerdicts = new ConcurrentHashMap<>();
    private final Map<String, LinearKernel> linearVerdicts = new ConcurrentHashMap<>();
    private final Map<String, Boolean> sdpaVerdicts = new ConcurrentHashMap<>();

    /** The real candidates: conv bf16 NCHW, then bf16 channels-last; linear bf16; fp32 last. */
    public KernelChecks(TorchOps ops) {
        this(ops, List.of(ConvKernel.bf16(ops), ConvKernel.bf16ChannelsLast(ops)), List.of(LinearKernel.bf16(ops)));
    }

    /** Tests inject candidates (e.g. a deliberately wrong one) to prove the fallback. */
    public KernelChecks(TorchOps ops, List<ConvKernel> convCandidates, List<LinearKernel> linearCandidates) {
        this.ops = Objects.requireNonNull(ops, "ops");
        this.convCandidates = List.copyOf(convCandidates);
        this.linearCandidates = List.copyOf(linearCandidates);
        this.convFp32 = ConvKernel.fp32(ops);
        this.convFp32ChannelsLast = new ConvKernel.Simple("fp32 channels-last", w -> w, b -> b, ops::conv2dNhwc);
        this.linearFp32 = LinearKernel.fp32(ops);
    }

    /** A layer bound to a kernel, with weights prepared for it ({@code ownsCopies}: copies, not the fp32 tensors). */
    public interface Bound {
        NDArray weight();

        NDArray bias();

        boolean ownsCopies();

        /** Runs the layer on fp32 x. */
        NDArray forward(NDArray x);

        /** Frees the prepared copies (never the model's own fp32 tensors). */
        default void closeCopies() {
            if (ownsCopies()) {
                weight().close();
                if (bias() != null) {
                    bias().close();
                }
            }
        }
    }

    /** A conv bound to the kernel chosen for its configuration. */
    public record Conv(ConvKernel kernel, NDArray weight, NDArray bias, int stride, int pad, boolean ownsCopies)
            implements Bound {
        /** x: [N, in, H, W] fp32 -> [N, out, H', W'] fp32. */
        @Override
        public NDArray forward(NDArray x) {
            return kernel.apply(x, weight, bias, stride, pad);
        }
    }

    /** A linear bound to its chosen kernel; bias may be null. */
    public record Linear(LinearKernel kernel, NDArray weight, NDArray bias, boolean ownsCopies) implements Bound {
        /** x: [..., in] fp32 -> [..., out] fp32. */
        @Override
        public NDArray forward(NDArray x) {
            return kernel.apply(x, weight, bias);
        }
    }

    /**
     * The conv of fp32 {@code w [out, in, kh, kw]} / {@code b [out]} in bf16, by the first candidate that
     * passes the self-test for this configuration (fp32 if none). Prepared copies live in w's manager.
     */
    public Conv conv(NDArray w, NDArray b, int stride, int pad) {
        long[] s = w.getShape().getShape();
        String key = "conv " + s[1] + "->" + s[0] + " k" + s[2] + "x" + s[3] + " s" + stride + " p" + pad;
        int side = (int) Math.max(6, Math.max(s[2], s[3]) + 1);
        return choose(key, convVerdicts, convCandidates, convFp32, ConvKernel::name,
                k -> bind(k, w, b, stride, pad), w, new Shape(1, s[1], side, side));
    }

    /**
     * The fp32 conv of {@code w [out, in, kh, kw]} / {@code b [out]}: NCHW, or channels-last for the class whose
     * NCHW kernel is wrong on AMD Zen (see the class comment). Never copies the weights.
     */
    public Conv fp32Conv(NDArray w, NDArray b, int stride, int pad) {
        long[] s = w.getShape().getShape();
        boolean suspect = s[1] > 16 && s[1] % 16 != 0 && s[2] * s[3] > 1;
        return bind(suspect ? convFp32ChannelsLast : convFp32, w, b, stride, pad);
    }

    /** The linear of fp32 {@code w [out, in]} (bias may be null) by the first candidate that passes. */
    public Linear linear(NDArray w, NDArray b) {
        long[] s = w.getShape().getShape();
        String key = "linear " + s[1] + "->" + s[0] + (b == null ? " no bias" : "");
        // 37 rows: not a multiple of any vector/tile width, so edge handling is exercised too
        return choose(key, linearVerdicts, linearCandidates, linearFp32, LinearKernel::name, k -> bind(k, w, b), w,
                new Shape(1, 37, s[1]));
    }

    /**
     * The self-test shared by convs and linears: the remembered verdict for {@code key}, else each candidate in
     * turn on a probe of {@code probeShape} against {@code fp32} (the reference, and the last resort).
     */
    private <K, B extends Bound> B choose(String key, Map<String, K> verdicts, List<K> candidates, K fp32,
                                          Function<K, String> name, Function<K, B> bind, NDArray w, Shape probeShape) {
        K known = verdicts.get(key);
        if (known != null) {
            return bind.apply(known);
        }
        StringBuilder failures = new StringBuilder();
        try (NDManager scope = w.getManager().newSubManager()) {
            NDArray x = probe(scope, probeShape, key);
            B reference = bind.apply(fp32); // fp32 kernels use the weights as they are: nothing to close
            NDArray ref = reference.forward(x);
            for (K k : candidates) {
                B bound = bind.apply(k);
                double err = relErr(bound.forward(x), ref);
                if (err <= TOLERANCE) {
                    verdicts.put(key, k);
                    logFallback(key, failures, name.apply(k), err);
                    return bound;
                }
                failures.append(String.format("%s%s rel err %.3g", failures.length() > 0 ? "; " : "", name.apply(k), err));
                bound.closeCopies();
            }
            verdicts.put(key, fp32);
            logFallback(key, failures, name.apply(fp32), 0);
            return reference;
        }
    }

    /**
     * Attention in bf16 (fp32 in and out), or in fp32 where bf16 SDPA fails its self-test for this shape.
     * The test runs on the first batch and head of the real q/k/v the first time a shape is met, since
     * the CPU kernel's blocking depends on the sequence lengths. q: [B, H, N, d], k/v: [B, H, M, d].
     */
    public NDArray sdpa(NDArray q, NDArray k, NDArray v, boolean causal) {
        String key = "sdpa N" + q.getShape().get(2) + " M" + k.getShape().get(2) + " d" + q.getShape().get(3)
                + (causal ? " causal" : "");
        Boolean bf16Ok = sdpaVerdicts.get(key);
        if (bf16Ok == null) {
            bf16Ok = testSdpa(key, q, k, v, causal);
        }
        return bf16Ok ? ops.sdpaBf16(q, k, v, causal) : ops.sdpa(q, k, v, causal);
    }

    private boolean testSdpa(String key, NDArray q, NDArray k, NDArray v, boolean causal) {
        try (NDManager scope = q.getManager().newSubManager()) {
            NDArray q1 = q.get("0:1, 0:1");
            NDArray k1 = k.get("0:1, 0:1");
            NDArray v1 = v.get("0:1, 0:1");
            for (NDArray a : new NDArray[] {q1, k1, v1}) {
                a.attach(scope);
            }
            NDArray ref = ops.sdpa(q1, k1, v1, causal);
            double err = relErr(ops.sdpaBf16(q1, k1, v1, causal), ref);
            boolean ok = err <= TOLERANCE;
            sdpaVerdicts.put(key, ok);
            if (!ok) {
                logFallback(key, new StringBuilder(String.format("bf16 rel err %.3g", err)), "fp32", 0);
            }
            return ok;
        }
    }

    /** The verdicts so far ("conv 320->4 k3x3 s1 p1" -> "bf16 channels-last"), for the log and tests. */
    public Map<String, String> verdicts() {
        Map<String, String> m = new java.util.TreeMap<>();
        convVerdicts.forEach((k, v) -> m.put(k, v.name()));
        linearVerdicts.forEach((k, v) -> m.put(k, v.name()));
        sdpaVerdicts.forEach((k, v) -> m.put(k, v ? "bf16" : "fp32"));
        return m;
    }

    private static Conv bind(ConvKernel k, NDArray w, NDArray b, int stride, int pad) {
        NDArray pw = k.prepareWeight(w);
        return new Conv(k, pw, b == null ? null : k.prepareBias(b), stride, pad, pw != w);
    }

    private static Linear bind(LinearKernel k, NDArray w, NDArray b) {
        NDArray pw = k.prepareWeight(w);
        return new Linear(k, pw, b == null ? null : k.prepareBias(b), pw != w);
    }

    private static void logFallback(String key, StringBuilder failures, String chosen, double err) {
        if (failures.length() > 0) {
            LOG.warn("--cpu-bf16 self-test: {} computes wrong on this CPU ({}); using {}{}", key, failures, chosen,
                    err > 0 ? String.format(" (rel err %.3g)", err) : "");
        }
    }

    /** Deterministic N(0,1) probe data from Java's RNG (torch's global generator is left alone). */
    private static NDArray probe(NDManager m, Shape shape, String key) {
        Random r = new Random(key.hashCode());
        float[] data = new float[Math.toIntExact(shape.size())];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) r.nextGaussian();
        }
        return m.create(data, shape);
    }

    /** ||y - ref||_2 / ||ref||_2 (the absolute norm when ref is all zeros); NaN when y holds a NaN. */
    static double relErr(NDArray y, NDArray ref) {
        double num = Math.sqrt(y.sub(ref).square().sum().getFloat());
        double den = Math.sqrt(ref.square().sum().getFloat());
        return den > 1e-12 ? num / den : num;
    }
}
