package dev.sdwebui.nn.attention;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * Base of the backends that, like A1111's split optimizations, work on {@code (b h) n d} tensors:
 * scopes the temporaries, folds/unfolds the heads and leaves causal attention (CLIP's 77-token
 * self-attention, which A1111 never replaces) to the plain computation.
 */
abstract class FoldedAttention implements AttentionBackend {

    private final PlainAttention plain = new PlainAttention();
    protected final TempProbe probe;

    protected FoldedAttention(TempProbe probe) {
        this.probe = probe == null ? TempProbe.NONE : probe;
    }

    @Override
    public final NDArray attend(NDArray q, NDArray k, NDArray v, int heads, boolean causal) {
        if (causal) {
            return plain.attend(q, k, v, heads, true);
        }
        NDManager out = q.getManager();
        try (NDManager scope = out.newSubManager()) {
            q.tempAttach(scope);
            k.tempAttach(scope);
            v.tempAttach(scope);
            NDArray qf = FoldedHeads.fold(q, heads);
            NDArray kf = FoldedHeads.fold(k, heads);
            NDArray vf = FoldedHeads.fold(v, heads);
            double scale = 1.0 / Math.sqrt(qf.getShape().get(2));
            NDArray r = FoldedHeads.unfold(attendFolded(scope, qf, kf, vf, scale), heads);
            r.attach(out);
            return r;
        }
    }

    /**
     * @param scope the manager the result must land in; per-slice temporaries go to sub-managers
     * @param q [BH, n, d]
     * @param k [BH, m, d]
     * @param v [BH, m, d]
     * @param scale d^-0.5
     * @return [BH, n, d]
     */
    abstract NDArray attendFolded(NDManager scope, NDArray q, NDArray k, NDArray v, double scale);

    /** One slice's attention computed in its own sub-manager so its scores die before the next slice. */
    final NDArray sliceAttend(NDManager scope, NDArray qs, NDArray ks, NDArray vs, double scale) {
        try (NDManager sl = scope.newSubManager()) {
            qs.attach(sl);
            NDArray r = FoldedHeads.attend(qs, ks, vs, scale, probe);
            r.attach(scope);
            return r;
        }
    }
}
