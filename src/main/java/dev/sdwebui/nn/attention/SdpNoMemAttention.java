package dev.sdwebui.nn.attention;

import ai.djl.ndarray.NDArray;
import dev.sdwebui.tensor.script.TorchOps;

/**
 * A1111 "SDP-no-mem" ({@code --opt-sdp-no-mem-attention}): scaled_dot_product_attention with the
 * memory-efficient kernel disabled, which leaves the math kernel: deterministic. Ref:
 * sd_hijack_optimizations.py scaled_dot_product_no_mem_attention_forward (sdp_kernel(enable_flash=True,
 * enable_math=True, enable_mem_efficient=False)). Here it calls torch's math kernel directly.
 */
public final class SdpNoMemAttention implements AttentionBackend {

    private final TorchOps ops;

    public SdpNoMemAttention(TorchOps ops) {
        this.ops = ops;
    }

    @Override
    public NDArray attend(NDArray q, NDArray k, NDArray v, int heads, boolean causal) {
        return Heads.attend(q, k, v, heads, causal, ops::sdpaMath);
    }

    @Override
    public String name() {
        return "SDP-no-mem";
    }
}
