package dev.sdwebui.nn.attention;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.sdwebui.tensor.script.TorchOps;

/**
 * SDPA computed in bfloat16 inside the ops module (fp32 in and out): the attention of the CPU bf16
 * precision option ({@code --cpu-bf16}); not a parity backend (about 3 significant digits).
 */
public final class Bf16SdpaAttention implements AttentionBackend {

    private final TorchOps ops;

    public Bf16SdpaAttention(TorchOps ops) {
        this.ops = ops;
    }

    @Override
    public NDArray attend(NDArray q, NDArray k, NDArray v, int heads, boolean causal) {
        NDManager out = q.getManager();
        try (NDManager s = out.newSubManager()) {
            q.tempAttach(s);
            k.tempAttach(s);
            v.tempAttach(s);
            NDArray r = Heads.merge(ops.sdpaBf16(Heads.split(q, heads), Heads.split(k, heads), Heads.split(v, heads), causal));
            r.attach(out);
            return r;
        }
    }

    @Override
    public String name() {
        return "SDP-bf16";
    }
}
