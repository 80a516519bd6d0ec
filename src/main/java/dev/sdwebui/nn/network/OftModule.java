package dev.sdwebui.nn.network;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * OFT. kohya-ss {@code oft_blocks} B [k, n, n] (n = out / k): Q = B - B^T, scaled down to Frobenius norm
 * {@code alpha * out} when larger, R = (I + Q)(I - Q)^-1; LyCORIS {@code oft_diag} (already R, blocks from
 * the factorisation of out). Rows of W in k blocks of n: {@code W'_block = R^T W_block}, delta = W' - W.
 * Scale forced to 1. Ref: A1111 network_oft.py {@code NetworkModuleOFT} (BOFT, 4-D {@code oft_diag}, is
 * refused).
 */
final class OftModule extends NetworkModule {

    private final NDArray blocks;
    private final boolean kohya;
    private final int numBlocks;
    private final int blockSize;
    private final Double constraint;

    private OftModule(ModuleWeights w) {
        super(w);
        kohya = w.has("oft_blocks");
        blocks = kohya ? w.get("oft_blocks") : w.get("oft_diag");
        if (blocks.getShape().dimension() != 3) {
            throw new IllegalArgumentException("BOFT (4-D oft_diag) is not supported: " + w.networkKey());
        }
        long outDim = w.targetShape()[0];
        if (kohya) {
            numBlocks = (int) blocks.getShape().get(0);
            blockSize = (int) (outDim / numBlocks);
            Double alpha = w.scalar("alpha");
            constraint = alpha == null ? null : alpha * outDim;
        } else {
            int[] f = factorization((int) outDim, (int) blocks.getShape().get(1));
            blockSize = f[0];
            numBlocks = f[1];
            constraint = null;
        }
    }

    static NetworkModule tryCreate(ModuleWeights w) {
        return w.has("oft_blocks") || w.has("oft_diag") ? new OftModule(w) : null;
    }

    @Override
    double calcScale() {
        return 1.0;
    }

    @Override
    Delta calcUpdown(NDArray orig, Multipliers m) {
        NDArray r = blocks;
        if (kohya) {
            NDArray eye = blocks.getManager().eye(blockSize).expandDims(0);
            NDArray q = blocks.sub(blocks.transpose(0, 2, 1));
            if (constraint != null) {
                double norm = Math.sqrt(q.square().sum().getFloat());
                double clamped = Math.min(norm, constraint);
                q = q.mul((float) ((clamped + 1e-8) / (norm + 1e-8)));
            }
            r = eye.add(q).batchMatMul(eye.sub(q).inverse());
        }
        long[] shape = orig.getShape().getShape();
        long rest = orig.size() / shape[0];
        // einsum('k n m, k n ... -> k m ...', R, W): W'_k = R_k^T W_k
        NDArray wk = orig.reshape(numBlocks, blockSize, rest);
        NDArray merged = r.transpose(0, 2, 1).batchMatMul(wk).reshape(new Shape(shape));
        return finalizeUpdown(merged.sub(orig), orig, shape, null, m);
    }

    /** Ref: lyco_helpers.py factorization(dimension, factor): [m, n] with m <= n, m * n = dimension. */
    static int[] factorization(int dimension, int factor) {
        if (factor > 0 && dimension % factor == 0) {
            int m = factor;
            int n = dimension / factor;
            return m > n ? new int[] {n, m} : new int[] {m, n};
        }
        if (factor < 0) {
            factor = dimension;
        }
        int m = 1;
        int n = dimension;
        int length = m + n;
        while (m < n) {
            int newM = m + 1;
            while (dimension % newM != 0) {
                newM++;
            }
            int newN = dimension / newM;
            if (newM + newN > length || newM > factor) {
                break;
            }
            m = newM;
            n = newN;
        }
        return m > n ? new int[] {n, m} : new int[] {m, n};
    }
}
