package dev.sdwebui.tensor.script;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValue;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.pytorch.jni.JniUtils;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Fused torch ops that DJL 0.36 does not expose (group_norm, SiLU, SDPA, GELU-tanh, baddbmm, bf16
 * compute), reached through a TorchScript module whose source {@link TorchOpsSource} Java writes at
 * start-up (djl-notes.md section 2). One call costs ~6 us of overhead against ~2 us for a DJL op,
 * so a fused method pays off as soon as it replaces two DJL ops.
 *
 * <p>Every result is created in the manager passed as {@code out} (normally the manager of the
 * first tensor argument); the inputs are never modified (except by {@link #moveTo}). Every IValue is closed after the call.
 * Thread-safe: the module holds no state.
 */
public final class TorchOps implements AutoCloseable {

    private final PtSymbolBlock module;

    private TorchOps(PtSymbolBlock module) {
        this.module = module;
    }

    /** Writes the ops archive to a temp file, lets libtorch compile it (~50 ms) and deletes the file. */
    public static TorchOps load(NDManager manager) {
        Path tmp = null;
        try {
            tmp = Files.createTempFile("sdwebui-ops", ".pt");
            TorchScriptArchive.write(tmp, "ops", TorchOpsSource.CLASS_NAME, TorchOpsSource.source());
            PtSymbolBlock block = JniUtils.loadModule((PtNDManager) manager, tmp, true,
                    new String[0], new String[0], false);
            return new TorchOps(block);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the TorchScript ops module", e);
        } finally {
            if (tmp != null) {
                tmp.toFile().delete();
            }
        }
    }

    /** torch.group_norm(x, groups, w, b, eps); x: [N, C, *]. */
    public NDArray groupNorm(NDArray x, int groups, NDArray w, NDArray b, double eps) {
        return call(x, "group_norm", x, (long) groups, w, b, eps);
    }

    /** silu(group_norm(x)): the pre-activation of every ResBlock conv, one call. */
    public NDArray groupNormSilu(NDArray x, int groups, NDArray w, NDArray b, double eps) {
        return call(x, "group_norm_silu", x, (long) groups, w, b, eps);
    }

    public NDArray silu(NDArray x) {
        return call(x, "silu", x);
    }

    /** Exact (erf) GELU. */
    public NDArray gelu(NDArray x) {
        return call(x, "gelu", x);
    }

    public NDArray geluTanh(NDArray x) {
        return call(x, "gelu_tanh", x);
    }

    /** x * sigmoid(1.702 x) (CLIP's quick_gelu). */
    public NDArray quickGelu(NDArray x) {
        return call(x, "quick_gelu", x);
    }

    /** GEGLU: a, gate = x.chunk(2, -1); a * gelu(gate). x: [..., 2F] -> [..., F]. */
    public NDArray geglu(NDArray x) {
        return call(x, "geglu", x);
    }

    /** layer_norm over the last dimension. */
    public NDArray layerNorm(NDArray x, NDArray w, NDArray b, double eps) {
        return call(x, "layer_norm", x, w, b, eps);
    }

    /** x @ w^T + b; w: [out, in] as stored in the checkpoint. */
    public NDArray linear(NDArray x, NDArray w, NDArray b) {
        return b == null ? call(x, "linear_nobias", x, w) : call(x, "linear", x, w, b);
    }

    /** conv2d with square stride/padding; w: [out, in, kh, kw]. */
    public NDArray conv2d(NDArray x, NDArray w, NDArray b, int stride, int pad) {
        return call(x, "conv2d", x, w, b, (long) stride, (long) pad);
    }

    /** Pad right/bottom by one then conv stride 2 (the LDM VAE Downsample). */
    public NDArray conv2dPadBottomRightStride2(NDArray x, NDArray w, NDArray b) {
        return call(x, "conv2d_pad_br_s2", x, w, b);
    }

    /** Nearest-neighbour 2x upsample; x: [N, C, H, W] -> [N, C, 2H, 2W]. */
    public NDArray upsampleNearest2x(NDArray x) {
        return call(x, "upsample_nearest2x", x);
    }

    /**
     * {@code F.interpolate(x, size=(h, w), mode=mode, antialias=antialias)}; x: [N, C, H, W].
     *
     * @param mode "bilinear", "bicubic", "nearest" or "nearest-exact" (antialias only for the first two)
     */
    public NDArray interpolate(NDArray x, int h, int w, String mode, boolean antialias) {
        String method;
        switch (mode) {
            case "bilinear" -> method = antialias ? "interp_bilinear_aa" : "interp_bilinear";
            case "bicubic" -> method = antialias ? "interp_bicubic_aa" : "interp_bicubic";
            case "nearest" -> method = "interp_nearest";
            case "nearest-exact" -> method = "interp_nearest_exact";
            default -> throw new IllegalArgumentException("unknown interpolation mode " + mode);
        }
        if (antialias && !mode.startsWith("b")) {
            throw new IllegalArgumentException("antialias needs bilinear or bicubic, got " + mode);
        }
        return call(x, method, x, (long) h, (long) w);
    }

    /** softmax(q k^T / sqrt(d) [+ causal mask]) v via torch's fused kernel; q: [B, H, N, D]. */
    public NDArray sdpa(NDArray q, NDArray k, NDArray v, boolean causal) {
        return call(q, "sdpa", q, k, v, causal);
    }

    /**
     * SDPA restricted to the math kernel (torch._scaled_dot_product_attention_math): what A1111's
     * SDP-no-mem gets with the memory-efficient kernel off; deterministic. q: [B, H, N, D].
     */
    public NDArray sdpaMath(NDArray q, NDArray k, NDArray v, boolean causal) {
        return call(q, "sdpa_math", q, k, v, causal);
    }

    /** SDPA's memory-efficient (xformers-derived) kernel; CUDA only. q: [B, H, N, D]. */
    public NDArray sdpaEfficient(NDArray q, NDArray k, NDArray v, boolean causal) {
        return call(q, "sdpa_efficient", q, k, v, causal);
    }

    /** SDPA's flash-attention kernel; CUDA only (fp16/bf16 inputs). q: [B, H, N, D]. */
    public NDArray sdpaFlash(NDArray q, NDArray k, NDArray v, boolean causal) {
        return call(q, "sdpa_flash", q, k, v, causal);
    }

    /** fp32 q/k/v -> fp32 SDPA computed in bf16 (CPU bf16 path). q: [B, H, N, D]. */
    public NDArray sdpaBf16(NDArray q, NDArray k, NDArray v, boolean causal) {
        return call(q, "sdpa_bf16", q, k, v, causal);
    }

    /** beta * c + alpha * (a @ b) batched. */
    public NDArray baddbmm(NDArray c, NDArray a, NDArray b, double beta, double alpha) {
        return call(c, "baddbmm", c, a, b, beta, alpha);
    }

    /**
     * Casts to bf16 inside libtorch. The result is opaque to DJL (DataType UNKNOWN): never inspect
     * it, only pass it back to the *Bf16 methods (DJL aborts the JVM on bf16 DataType use).
     */
    public NDArray toBf16(NDArray x) {
        return call(x, "to_bf16", x);
    }

    /** fp32 x, bf16 w/b (from {@link #toBf16}) -> fp32 linear computed in bf16. */
    public NDArray linearBf16(NDArray x, NDArray wBf16, NDArray bBf16) {
        return bBf16 == null ? call(x, "linear_bf16_nobias", x, wBf16) : call(x, "linear_bf16", x, wBf16, bBf16);
    }

    /** fp32 x, bf16 w/b -> fp32 conv2d computed in bf16. */
    public NDArray conv2dBf16(NDArray x, NDArray wBf16, NDArray bBf16, int stride, int pad) {
        return call(x, "conv2d_bf16", x, wBf16, bBf16, (long) stride, (long) pad);
    }

    /** bf16 copy in channels-last order of a conv weight [out, in, kh, kw] (opaque, like {@link #toBf16}). */
    public NDArray toBf16ChannelsLast(NDArray w) {
        return call(w, "to_bf16_channels_last", w);
    }

    /**
     * fp32 x, bf16 channels-last w ({@link #toBf16ChannelsLast}), bf16 b -> fp32 conv2d computed in bf16 on
     * channels-last activations; the result is NCHW-contiguous when x was.
     */
    public NDArray conv2dBf16ChannelsLast(NDArray x, NDArray wBf16, NDArray bBf16, int stride, int pad) {
        return call(x, "conv2d_bf16_cl", x, wBf16, bBf16, (long) stride, (long) pad);
    }

    /**
     * conv2d computed in channels-last memory order, result in plain NCHW order. Works around wrong results of
     * libtorch 2.7.1's fp32 NCHW oneDNN convolution for some shapes on AVX-512 CPUs (see TorchOpsSource).
     *
     * @param b the bias, or null for none
     */
    public NDArray conv2dNhwc(NDArray x, NDArray w, NDArray b, int stride, int pad) {
        return b == null ? call(x, "conv2d_nobias_nhwc", x, w, (long) stride, (long) pad)
                : call(x, "conv2d_nhwc", x, w, b, (long) stride, (long) pad);
    }

    /** conv2d computed in float64 (a reference for checking float32 kernels); fp32 in and out, b may be null. */
    public NDArray conv2dFloat64(NDArray x, NDArray w, NDArray b, int stride, int pad) {
        return b == null ? call(x, "conv2d_nobias_f64", x, w, (long) stride, (long) pad)
                : call(x, "conv2d_f64", x, w, b, (long) stride, (long) pad);
    }

    /** conv_transpose2d without bias, no padding; w: [in, out, k, k]. */
    public NDArray convTranspose2dNoBias(NDArray x, NDArray w, int stride) {
        return call(x, "conv_transpose2d_nobias", x, w, (long) stride);
    }

    public NDArray leakyRelu(NDArray x, double slope) {
        return call(x, "leaky_relu", x, slope);
    }

    public NDArray relu(NDArray x) {
        return call(x, "relu", x);
    }

    /** torch.prelu: per-channel slope w [C] on x [N, C, H, W]. */
    public NDArray prelu(NDArray x, NDArray w) {
        return call(x, "prelu", x, w);
    }

    /** [N, C r^2, H, W] -> [N, C, H r, W r]. */
    public NDArray pixelShuffle(NDArray x, int r) {
        return call(x, "pixel_shuffle", x, (long) r);
    }

    /** [N, C, H r, W r] -> [N, C r^2, H, W]. */
    public NDArray pixelUnshuffle(NDArray x, int r) {
        return call(x, "pixel_unshuffle", x, (long) r);
    }

    /** F.pad(x, (0, right, 0, bottom), "reflect"); each pad below the size of its dimension. */
    public NDArray padReflect(NDArray x, int right, int bottom) {
        return call(x, "pad_reflect", x, (long) right, (long) bottom);
    }

    /** F.pad(x, (0, right, 0, bottom), "replicate"). */
    public NDArray padReplicate(NDArray x, int right, int bottom) {
        return call(x, "pad_replicate", x, (long) right, (long) bottom);
    }

    /** torch.roll(x, shifts=(a, b), dims=(d0, d1)). */
    public NDArray roll(NDArray x, int a, int b, int d0, int d1) {
        return call(x, "roll2", x, (long) a, (long) b, (long) d0, (long) d1);
    }

    public NDArray clamp01(NDArray x) {
        return call(x, "clamp01", x);
    }

    /** softmax(q k^T * scale + bias) v; q, k, v: [..., N, D], bias broadcastable to [..., N, N]. */
    public NDArray biasedAttention(NDArray q, NDArray k, NDArray v, NDArray bias, double scale) {
        return call(q, "biased_attention", q, k, v, bias, scale);
    }

    /** Same values in NHWC memory order (torch.channels_last): oneDNN convs then skip layout reorders. */
    public NDArray channelsLast(NDArray x) {
        return call(x, "channels_last", x);
    }

    /** Same values in plain row-major (NCHW) memory order; DJL reads raw memory, so outputs must be this. */
    public NDArray contiguous(NDArray x) {
        return call(x, "contiguous", x);
    }

    /**
     * Replaces {@code w}'s data with a copy on {@code device} ("cpu", "cuda:0", ...): the same tensor
     * object, so every block holding {@code w} computes with the moved data. Ref: torch.nn.Module.to
     * ({@code param.data = fn(param.data)}). Unlike the other methods this one changes its argument.
     */
    public void moveTo(NDArray w, String device) {
        call(w, "move_to", w, device).close();
    }

    /**
     * Makes {@code w} use {@code t}'s data (torch {@code w.data = t}): the same tensor object, so every block
     * holding {@code w} computes with {@code t}'s values; shapes and dtypes may differ. Changes its argument.
     */
    public void setData(NDArray w, NDArray t) {
        call(w, "set_data", w, t).close();
    }

    /** A new handle sharing {@code w}'s current storage (detached), in {@code w}'s manager. */
    public NDArray alias(NDArray w) {
        return call(w, "alias", w);
    }

    /** The identity, for measuring the per-call overhead. */
    public NDArray identity(NDArray x) {
        return call(x, "identity", x);
    }

    private NDArray call(NDArray outOf, String method, Object... args) {
        IValue[] in = new IValue[args.length];
        try {
            for (int i = 0; i < args.length; i++) {
                in[i] = toIValue(args[i]);
            }
            try (IValue r = IValueUtils.runMethod(module, method, in)) {
                return r.toTensor((PtNDManager) outOf.getManager());
            }
        } finally {
            for (IValue v : in) {
                if (v != null) {
                    v.close();
                }
            }
        }
    }

    private static IValue toIValue(Object o) {
        if (o instanceof NDArray a) {
            return IValue.from((PtNDArray) a);
        } else if (o instanceof Long l) {
            return IValue.from(l);
        } else if (o instanceof Double d) {
            return IValue.from(d);
        } else if (o instanceof String str) {
            return IValue.from(str);
        } else if (o instanceof Boolean bo) {
            return IValue.from(bo);
        }
        throw new IllegalArgumentException("unsupported TorchScript argument " + o);
    }

    @Override
    public void close() {
        module.close();
    }
}
