package dev.sdwebui.nn.attention;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.sdwebui.tensor.script.TorchOps;

/**
 * The {@code --xformers} row without the xformers package: xformers' memory-efficient kernel (and,
 * with {@code --xformers-flash-attention}, FlashAttention) ship inside PyTorch's SDPA, so on CUDA this
 * calls those kernels directly. On CPU neither exists and this is torch's fused CPU SDPA (a blocked,
 * flash-style kernel that never materialises the scores), i.e. the same as SDP.
 */
public final class XformersAttention implements AttentionBackend {

    private final TorchOps ops;
    private final boolean cuda;
    private final boolean flash;

    public XformersAttention(TorchOps ops, boolean cuda, boolean flash) {
        this.ops = ops;
        this.cuda = cuda;
        this.flash = flash;
    }

    @Override
    public NDArray attend(NDArray q, NDArray k, NDArray v, int heads, boolean causal) {
        NDManager out = q.getManager();
        try (NDManager s = out.newSubManager()) {
            q.tempAttach(s);
            k.tempAttach(s);
            v.tempAttach(s);
            NDArray qh = Heads.split(q, heads);
            NDArray kh = Heads.split(k, heads);
            NDArray vh = Heads.split(v, heads);
            NDArray r;
            if (!cuda) {
                r = ops.sdpa(qh, kh, vh, causal);
            } else if (flash) {
                r = ops.sdpaFlash(qh, kh, vh, causal);
            } else {
                r = ops.sdpaEfficient(qh, kh, vh, causal);
            }
            r = Heads.merge(r);
            r.attach(out);
            return r;
        }
    }

    @Override
    public String name() {
        return "xformers";
    }
}
