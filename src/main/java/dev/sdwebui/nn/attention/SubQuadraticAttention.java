package dev.sdwebui.nn.attention;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * A1111 "sub-quadratic" ({@code --opt-sub-quad-attention}): Rabe & Staats "Self-attention does not
 * need O(n^2) memory" as Birch-san wrote it. Ref: sd_hijack_optimizations.py sub_quad_attention and
 * sub_quadratic_attention.py efficient_dot_product_attention.
 *
 * <p>Chunk choice (A1111's numerics): chunk_threshold_bytes = 70% of free memory when the threshold
 * is unset, none when it is 0, else pct% of free; kv_chunk_size_min = threshold // (BH * 4 * (d_k +
 * d_v)); when BH * 4 * n * m <= threshold the keys are not chunked at all; otherwise kv_chunk_size =
 * min(setting or sqrt(m), m), at least kv_chunk_size_min. Queries go in chunks of q_chunk_size.
 *
 * <p>Within a query chunk the key chunks are folded with a running maximum (online softmax):
 * acc = acc * exp(max_old - max_new) + exp(s - max_new) v, sum likewise; result acc / sum. A1111
 * stacks every chunk's partial result and merges them at the end; the running form gives the same
 * numbers (up to rounding) with one chunk's partials alive instead of all of them.
 */
public final class SubQuadraticAttention extends FoldedAttention {

    private final SubQuadChunks chunks;
    private final LongSupplier freeBytes;

    public SubQuadraticAttention(SubQuadChunks chunks, LongSupplier freeBytes, TempProbe probe) {
        super(probe);
        this.chunks = chunks;
        this.freeBytes = freeBytes;
    }

    /** The kv chunk size A1111 would use for a [bh, n, d] x [bh, m, d] attention; m means "no kv chunking". */
    long kvChunkSize(long bh, long n, long m, long dk, long dv) {
        Long thresholdBytes = null;
        Integer pct = chunks.chunkThresholdPercent();
        if (pct == null) {
            thresholdBytes = (long) (freeBytes.getAsLong() * 0.7);
        } else if (pct != 0) {
            thresholdBytes = (long) (0.01 * pct * freeBytes.getAsLong());
        }
        if (thresholdBytes != null && bh * 4L * n * m <= thresholdBytes) {
            return m;
        }
        long size = Math.min(chunks.kvChunkSize() != null ? chunks.kvChunkSize() : (long) Math.sqrt(m), m);
        if (thresholdBytes != null) {
            size = Math.max(size, thresholdBytes / (bh * 4L * (dk + dv)));
        }
        return Math.max(size, 1);
    }

    @Override
    NDArray attendFolded(NDManager scope, NDArray q, NDArray k, NDArray v, double scale) {
        long bh = q.getShape().get(0);
        long n = q.getShape().get(1);
        long m = k.getShape().get(1);
        long kvChunk = kvChunkSize(bh, n, m, q.getShape().get(2), v.getShape().get(2));
        long qChunk = chunks.queryChunkSize();
        List<NDArray> parts = new ArrayList<>();
        for (long i = 0; i < n; i += qChunk) {
            NDArray qs = FoldedHeads.slice(q, 1, i, Math.min(i + qChunk, n));
            parts.add(kvChunk >= m ? sliceAttend(scope, qs, k, v, scale) : queryChunk(scope, qs, k, v, scale, kvChunk));
        }
        return FoldedHeads.concat(parts, 1, scope);
    }

    /** One query chunk over key/value chunks with the running max; q: [BH, c, d] -> [BH, c, d]. */
    private NDArray queryChunk(NDManager scope, NDArray q, NDArray k, NDArray v, double scale, long kvChunk) {
        long m = k.getShape().get(1);
        try (NDManager qm = scope.newSubManager()) {
            NDArray acc = null;
            NDArray sum = null;
            NDArray max = null;
            for (long j = 0; j < m; j += kvChunk) {
                long end = Math.min(j + kvChunk, m);
                try (NDManager cm = qm.newSubManager()) {
                    q.tempAttach(cm);
                    // s: [BH, c, kc] = baddbmm(0, q, k_chunk^T, alpha=scale)
                    NDArray s = q.matMul(FoldedHeads.slice(k, 1, j, end).transpose(0, 2, 1)).mul(scale);
                    probe.allocated("scores", s.getShape());
                    NDArray chunkMax = s.max(new int[] {2}, true);
                    NDArray newMax = max == null ? chunkMax : chunkMax.maximum(max);
                    NDArray e = s.sub(newMax).exp();
                    NDArray values = e.matMul(FoldedHeads.slice(v, 1, j, end));
                    NDArray weights = e.sum(new int[] {2}, true);
                    if (acc != null) {
                        NDArray correction = newMax.neg().add(max).exp(); // exp(max_old - max_new)
                        values = values.add(correction.mul(acc));
                        weights = weights.add(correction.mul(sum));
                        acc.close();
                        sum.close();
                        max.close();
                    }
                    acc = keep(values, qm);
                    sum = keep(weights, qm);
                    max = keep(newMax, qm);
                }
            }
            NDArray r = acc.div(sum);
            r.attach(scope);
            return r;
        }
    }

    private static NDArray keep(NDArray x, NDManager m) {
        x.attach(m);
        return x;
    }

    @Override
    public String name() {
        return "sub-quadratic";
    }
}
