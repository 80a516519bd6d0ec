package dev.sdwebui.nn.attention;

import ai.djl.ndarray.NDArray;
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
        return Heads.attend(q, k, v, heads, causal, ops::sdpaBf16);
    }

    @Override
    public String name() {
        return "SDP-bf16";
    }
}
