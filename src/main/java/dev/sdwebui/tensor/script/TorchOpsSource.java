package dev.sdwebui.tensor.script;

/**
 * TorchScript source of the ops module (serialized-code dialect: {@code self} typed as
 * {@code __torch__.Ops}, dtypes as ints: 15 = bfloat16, 6 = float32).
 */
final class TorchOpsSource {

    static final String CLASS_NAME = "Ops";

    private TorchOpsSource() {
    }

    private static final String[][] METHODS = {
        {"identity", "x: Tensor", "x"},
        {"group_norm", "x: Tensor, g: int, w: Tensor, b: Tensor, eps: float", "torch.group_norm(x, g, w, b, eps, False)"},
        {"group_norm_silu", "x: Tensor, g: int, w: Tensor, b: Tensor, eps: float",
            "torch.silu(torch.group_norm(x, g, w, b, eps, False))"},
        {"silu", "x: Tensor", "torch.silu(x)"},
        {"gelu", "x: Tensor", "torch.gelu(x)"},
        {"gelu_tanh", "x: Tensor", "torch.gelu(x, approximate=\"tanh\")"},
        {"quick_gelu", "x: Tensor", "torch.mul(x, torch.sigmoid(torch.mul(x, 1.702)))"},
        {"geglu", "x: Tensor", "torch.mul(torch.narrow(x, -1, 0, torch.floordiv(x.size(-1), 2)), "
            + "torch.gelu(torch.narrow(x, -1, torch.floordiv(x.size(-1), 2), torch.floordiv(x.size(-1), 2))))"},
        {"layer_norm", "x: Tensor, w: Tensor, b: Tensor, eps: float", "torch.layer_norm(x, [x.size(-1)], w, b, eps, False)"},
        {"linear", "x: Tensor, w: Tensor, b: Tensor", "torch.linear(x, w, b)"},
        {"linear_nobias", "x: Tensor, w: Tensor", "torch.linear(x, w)"},
        {"conv2d", "x: Tensor, w: Tensor, b: Tensor, s: int, p: int", "torch.conv2d(x, w, b, [s, s], [p, p])"},
        {"conv2d_pad_br_s2", "x: Tensor, w: Tensor, b: Tensor",
            "torch.conv2d(torch.constant_pad_nd(x, [0, 1, 0, 1], 0.), w, b, [2, 2], [0, 0])"},
        {"upsample_nearest2x", "x: Tensor", "torch.upsample_nearest2d(x, [2 * x.size(2), 2 * x.size(3)])"},
        // torch.nn.functional.interpolate(x, size=(h, w), mode=..., antialias=...) as TorchScript
        // serializes it (align_corners False, no scale factors).
        {"interp_bilinear", "x: Tensor, h: int, w: int", "torch.upsample_bilinear2d(x, [h, w], False)"},
        {"interp_bilinear_aa", "x: Tensor, h: int, w: int", "torch._upsample_bilinear2d_aa(x, [h, w], False)"},
        {"interp_bicubic", "x: Tensor, h: int, w: int", "torch.upsample_bicubic2d(x, [h, w], False)"},
        {"interp_bicubic_aa", "x: Tensor, h: int, w: int", "torch._upsample_bicubic2d_aa(x, [h, w], False)"},
        {"interp_nearest", "x: Tensor, h: int, w: int", "torch.upsample_nearest2d(x, [h, w])"},
        {"interp_nearest_exact", "x: Tensor, h: int, w: int", "torch._upsample_nearest_exact2d(x, [h, w])"},
        {"sdpa", "q: Tensor, k: Tensor, v: Tensor, causal: bool",
            "torch.scaled_dot_product_attention(q, k, v, None, 0., causal)"},
        {"sdpa_math", "q: Tensor, k: Tensor, v: Tensor, causal: bool",
            "torch._scaled_dot_product_attention_math(q, k, v, None, 0., causal)[0]"},
        {"sdpa_efficient", "q: Tensor, k: Tensor, v: Tensor, causal: bool",
            "torch._scaled_dot_product_efficient_attention(q, k, v, None, False, 0., causal)[0]"},
        {"sdpa_flash", "q: Tensor, k: Tensor, v: Tensor, causal: bool",
            "torch._scaled_dot_product_flash_attention(q, k, v, 0., causal)[0]"},
        {"sdpa_bf16", "q: Tensor, k: Tensor, v: Tensor, causal: bool",
            "torch.to(torch.scaled_dot_product_attention(torch.to(q, 15), torch.to(k, 15), torch.to(v, 15), None, 0., causal), 6)"},
        // Moves a weight's data to device d in place of its old storage (what torch's Module.to does with
        // param.data = ...): every holder of the tensor sees the new storage, the old one is freed when
        // unreferenced. Always a fresh copy (also to the same device), so the move is observable on CPU.
        {"move_to", "w: Tensor, d: str",
            "STMT:t = torch.empty_like(w, dtype=None, layout=None, device=torch.device(d))\n"
            + "    _0 = torch.copy_(t, w)\n    torch.set_data(w, t)\n    return w"},
        // Points w at t's storage (the same tensor object, so every holder of w sees t's values): how extra
        // networks patch a weight that may be a read-only file mapping, and restore it without a copy.
        {"set_data", "w: Tensor, t: Tensor", "STMT:torch.set_data(w, t)\n    return w"},
        // A second handle on w's current storage (kept as the backup before set_data swaps w's data).
        {"alias", "w: Tensor", "torch.detach(w)"},
        {"baddbmm", "c: Tensor, a: Tensor, b: Tensor, beta: float, alpha: float",
            "torch.baddbmm(c, a, b, beta=beta, alpha=alpha)"},
        {"channels_last", "x: Tensor", "torch.contiguous(x, memory_format=2)"},
        {"contiguous", "x: Tensor", "torch.contiguous(x)"},
        {"to_bf16", "x: Tensor", "torch.to(x, 15)"},
        {"linear_bf16", "x: Tensor, w: Tensor, b: Tensor", "torch.to(torch.linear(torch.to(x, 15), w, b), 6)"},
        {"linear_bf16_nobias", "x: Tensor, w: Tensor", "torch.to(torch.linear(torch.to(x, 15), w), 6)"},
        {"conv2d_bf16", "x: Tensor, w: Tensor, b: Tensor, s: int, p: int",
            "torch.to(torch.conv2d(torch.to(x, 15), w, b, [s, s], [p, p]), 6)"},
        // bf16 conv with channels-last activations (w from to_bf16_channels_last); the result goes back to
        // NCHW when x was NCHW. Right where the NCHW bf16 conv is wrong (KernelChecks).
        {"to_bf16_channels_last", "x: Tensor", "torch.contiguous(torch.to(x, 15), memory_format=2)"},
        {"conv2d_bf16_cl", "x: Tensor, w: Tensor, b: Tensor, s: int, p: int",
            "STMT:y = torch.to(torch.conv2d(torch.contiguous(torch.to(x, 15), memory_format=2), w, b, [s, s], [p, p]), 6)\n"
            + "    if torch.is_contiguous(x):\n      return torch.contiguous(y)\n    return y"},
        // Image-restoration networks (postprocess upscalers: ESRGAN, Compact, SwinIR, SCUNet).
        // conv2d computed in NHWC (channels-last) memory order, returned as plain NCHW. libtorch 2.7.1's fp32
        // NCHW oneDNN convolution returns wrong values on this AVX-512 CPU for some shapes (a 40 -> 32 channel
        // 3x3 conv on 40x48 was off by 0.4; NHWC, float64 and the im2col kernel agree with a float64 reference).
        // float64 reference of a float32 conv (KernelChecks' tie-breaker); result back in float32
        {"conv2d_f64", "x: Tensor, w: Tensor, b: Tensor, s: int, p: int",
            "torch.to(torch.conv2d(torch.to(x, 7), torch.to(w, 7), torch.to(b, 7), [s, s], [p, p]), 6)"},
        {"conv2d_nobias_f64", "x: Tensor, w: Tensor, s: int, p: int",
            "torch.to(torch.conv2d(torch.to(x, 7), torch.to(w, 7), None, [s, s], [p, p]), 6)"},
        {"conv2d_nhwc", "x: Tensor, w: Tensor, b: Tensor, s: int, p: int",
            "torch.contiguous(torch.conv2d(torch.contiguous(x, memory_format=2), w, b, [s, s], [p, p]))"},
        {"conv2d_nobias_nhwc", "x: Tensor, w: Tensor, s: int, p: int",
            "torch.contiguous(torch.conv2d(torch.contiguous(x, memory_format=2), w, None, [s, s], [p, p]))"},
        {"conv_transpose2d_nobias", "x: Tensor, w: Tensor, s: int",
            "torch.conv_transpose2d(x, w, None, [s, s])"},
        {"leaky_relu", "x: Tensor, slope: float", "torch.leaky_relu(x, slope)"},
        {"relu", "x: Tensor", "torch.relu(x)"},
        {"prelu", "x: Tensor, w: Tensor", "torch.prelu(x, w)"},
        {"pixel_shuffle", "x: Tensor, r: int", "torch.pixel_shuffle(x, r)"},
        {"pixel_unshuffle", "x: Tensor, r: int", "torch.pixel_unshuffle(x, r)"},
        {"pad_reflect", "x: Tensor, r: int, b: int", "torch.reflection_pad2d(x, [0, r, 0, b])"},
        {"pad_replicate", "x: Tensor, r: int, b: int", "torch.replication_pad2d(x, [0, r, 0, b])"},
        {"roll2", "x: Tensor, a: int, b: int, d0: int, d1: int", "torch.roll(x, [a, b], [d0, d1])"},
        {"clamp01", "x: Tensor", "torch.clamp(x, 0., 1.)"},
        // softmax(q k^T * s + bias) v over the last two dimensions (window attention with an additive bias).
        {"biased_attention", "q: Tensor, k: Tensor, v: Tensor, bias: Tensor, s: float",
            "torch.matmul(torch.softmax(torch.add(torch.mul(torch.matmul(q, torch.transpose(k, -2, -1)), s), bias), -1), v)"},
    };

    /** A body is one returned expression, or (prefix "STMT:") statements ending in their own return. */
    private static String body(String text) {
        return text.startsWith("STMT:") ? text.substring(5) : "return " + text;
    }

    static String source() {
        StringBuilder sb = new StringBuilder();
        sb.append("class ").append(CLASS_NAME).append("(Module):\n");
        sb.append("  __parameters__ = []\n  __buffers__ = []\n  training : bool\n");
        for (String[] m : METHODS) {
            sb.append("  def ").append(m[0]).append("(self: __torch__.").append(CLASS_NAME).append(", ")
                    .append(m[1]).append(") -> Tensor:\n    ").append(body(m[2])).append('\n');
        }
        return sb.toString();
    }
}
