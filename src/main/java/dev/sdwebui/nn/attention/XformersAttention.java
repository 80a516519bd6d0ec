package dev.sdwebui.nn.attention;

import ai.djl.ndarray.NDArray;
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
        // On CPU xformers' kernels are not there: the fused SDPA; on CUDA SDPA's flash or memory-efficient kernel.
        Heads.Kernel kernel = !cuda ? ops::sdpa : flash ? ops::sdpaFlash : ops::sdpaEfficient;
        return Heads.attend(q, k, v, heads, causal, kernel);
    }

    @Override
    public String name() {
        return "xformers";
    }
}
