package dev.sdwebui.nn.attention;

import ai.djl.ndarray.NDArray;
import dev.sdwebui.tensor.script.KernelChecks;

/**
 * SDPA computed in bfloat16 inside the ops module (fp32 in and out): the attention of the CPU bf16
 * precision option ({@code --cpu-bf16}); not a parity backend (about 3 significant digits). A shape whose
 * bf16 kernel fails its self-test computes in fp32 ({@link KernelChecks#sdpa}).
 */
public final class Bf16SdpaAttention implements AttentionBackend {

    private final KernelChecks kernels;

    public Bf16SdpaAttention(KernelChecks kernels) {
        this.kernels = kernels;
    }

    @Override
    public NDArray attend(NDArray q, NDArray k, NDArray v, int heads, boolean causal) {
        return Heads.attend(q, k, v, heads, causal, kernels::sdpa);
    }

    @Override
    public String name() {
        return "SDP-bf16";
    }
}
