package dev.sdwebui.model.merge;

import dev.sdwebui.model.io.StoredDType;
import dev.sdwebui.model.io.TensorFile;
import java.io.IOException;
import java.util.Arrays;

/**
 * One output tensor of a merge as a small expression over input tensors, evaluated in chunks of elements
 * so that no whole model (and no whole tensor, except for the inpainting slice) is ever in memory.
 * Each node knows its torch result dtype. Ref: A1111 {@code modules/extras.py run_modelmerger}
 * ({@code weighted_sum}, {@code get_difference}, {@code add_difference}, {@code to_half}).
 */
interface TensorExpr {

    StoredDType dtype();

    /** Elements {@code [from, from + n)}, each rounded to {@link #dtype()}, into {@code out[0..n)}. */
    void eval(long from, int n, double[] out) throws IOException;

    /** A stored tensor. */
    record Stored(TensorFile file, String key) implements TensorExpr {
        public StoredDType dtype() {
            return file.dtype(key);
        }

        public void eval(long from, int n, double[] out) throws IOException {
            file.read(key, from, out, n);
        }
    }

    /** {@code torch.zeros_like(t)} (a key of B missing from C). */
    record Zeros(StoredDType dtype) implements TensorExpr {
        public void eval(long from, int n, double[] out) {
            Arrays.fill(out, 0, n, 0.0);
        }
    }

    /** {@code theta1 - theta2} (A1111 get_difference). */
    record Difference(TensorExpr b, TensorExpr c) implements TensorExpr {
        public StoredDType dtype() {
            return DTypeMath.promote(b.dtype(), c.dtype());
        }

        public void eval(long from, int n, double[] out) throws IOException {
            double[] y = new double[n];
            b.eval(from, n, out);
            c.eval(from, n, y);
            StoredDType r = dtype();
            for (int i = 0; i < n; i++) {
                out[i] = DTypeMath.add(out[i], y[i], -1, r);
            }
        }
    }

    /** {@code ((1 - alpha) * theta0) + (alpha * theta1)} (A1111 weighted_sum). */
    record WeightedSum(TensorExpr a, TensorExpr b, double alpha) implements TensorExpr {
        public StoredDType dtype() {
            return DTypeMath.promote(DTypeMath.scalarMul(a.dtype()), DTypeMath.scalarMul(b.dtype()));
        }

        public void eval(long from, int n, double[] out) throws IOException {
            double[] y = new double[n];
            a.eval(from, n, out);
            b.eval(from, n, y);
            StoredDType r = dtype();
            for (int i = 0; i < n; i++) {
                out[i] = DTypeMath.add(DTypeMath.mul(out[i], a.dtype(), 1 - alpha),
                        DTypeMath.mul(y[i], b.dtype(), alpha), 1, r);
            }
        }
    }

    /** {@code theta0 + (alpha * theta1_2_diff)} (A1111 add_difference). */
    record AddDifference(TensorExpr a, TensorExpr diff, double alpha) implements TensorExpr {
        public StoredDType dtype() {
            return DTypeMath.promote(a.dtype(), DTypeMath.scalarMul(diff.dtype()));
        }

        public void eval(long from, int n, double[] out) throws IOException {
            double[] y = new double[n];
            a.eval(from, n, out);
            diff.eval(from, n, y);
            StoredDType r = dtype();
            for (int i = 0; i < n; i++) {
                out[i] = DTypeMath.add(out[i], DTypeMath.mul(y[i], diff.dtype(), alpha), 1, r);
            }
        }
    }

    /** A1111 {@code to_half}: float32 becomes float16, every other type is kept. */
    record ToHalf(TensorExpr x) implements TensorExpr {
        public StoredDType dtype() {
            return x.dtype() == StoredDType.F32 ? StoredDType.F16 : x.dtype();
        }

        public void eval(long from, int n, double[] out) throws IOException {
            x.eval(from, n, out);
            if (x.dtype() == StoredDType.F32) {
                for (int i = 0; i < n; i++) {
                    out[i] = DTypeMath.round(StoredDType.F16, out[i]);
                }
            }
        }
    }

    /**
     * An inpainting (9 input channels) or instruct-pix2pix (8) UNet input conv A merged with a normal (4)
     * one: {@code theta_0[key][:, 0:4, :, :] = f(a[:, 0:4, :, :], b)}, the other channels kept; the result
     * has A's dtype (assignment into A). a: [O, Ca, kh, kw], merged: evaluated over b's shape [O, 4, kh, kw].
     */
    record ChannelSlice(TensorExpr a, TensorExpr merged, long[] shapeA, long[] shapeB) implements TensorExpr {
        public StoredDType dtype() {
            return a.dtype();
        }

        public void eval(long from, int n, double[] out) throws IOException {
            long inner = 1;
            for (int d = 2; d < shapeA.length; d++) {
                inner *= shapeA[d];
            }
            long cb = shapeB[1];
            long ca = shapeA[1];
            double[] m = new double[Math.toIntExact(shapeB[0] * cb * inner)];
            merged.eval(0, m.length, m);
            a.eval(from, n, out);
            for (int i = 0; i < n; i++) {
                long idx = from + i;
                long o = idx / (ca * inner);
                long c = idx / inner % ca;
                if (c < cb) {
                    out[i] = DTypeMath.round(dtype(), m[(int) ((o * cb + c) * inner + idx % inner)]);
                }
            }
        }
    }

    /** {@code a[:, 0:keep, ...]}: A's first {@code keep} channels, evaluated over the sliced shape. */
    record LeadingChannels(TensorExpr a, long[] shapeA, long keep) implements TensorExpr {
        public StoredDType dtype() {
            return a.dtype();
        }

        public void eval(long from, int n, double[] out) throws IOException {
            long inner = 1;
            for (int d = 2; d < shapeA.length; d++) {
                inner *= shapeA[d];
            }
            long total = 1;
            for (long d : shapeA) {
                total *= d;
            }
            double[] all = new double[Math.toIntExact(total)];
            a.eval(0, all.length, all);
            for (int i = 0; i < n; i++) {
                long idx = from + i;
                long o = idx / (keep * inner);
                long c = idx / inner % keep;
                out[i] = all[(int) ((o * shapeA[1] + c) * inner + idx % inner)];
            }
        }
    }
}
