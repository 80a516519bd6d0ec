package dev.sdwebui.nn.attention;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.sdwebui.tensor.script.TorchOps;

/**
 * torch.nn.functional.scaled_dot_product_attention through the ops module: a fused, blocked
 * kernel that never materialises the [B, H, N, M] weights (25% faster than plain at 4096 tokens,
 * djl-notes.md section 3).
 */
public final class SdpaAttention implements AttentionBackend {

    private final TorchOps ops;

    public SdpaAttention(TorchOps ops) {
        this.ops = ops;
    }

    @Override
    public NDArray attend(NDArray q, NDArray k, NDArray v, int heads, boolean causal) {
        NDManager out = q.getManager();
        try (NDManager s = out.newSubManager()) {
            q.tempAttach(s);
            k.tempAttach(s);
            v.tempAttach(s);
            NDArray r = Heads.merge(ops.sdpa(Heads.split(q, heads), Heads.split(k, heads), Heads.split(v, heads), causal));
            r.attach(out);
            return r;
        }
    }

    @Override
    public String name() {
        return "sdpa";
    }
}
