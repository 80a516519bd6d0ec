package dev.sdwebui.nn.attention;

import dev.sdwebui.device.AttentionMode;
import dev.sdwebui.tensor.script.TorchOps;

/** Builds the backend of each A1111 cross-attention optimization. */
public final class AttentionBackends {

    private static final double INVOKEAI_CUDA_SAFETY = 3.3;

    private AttentionBackends() {
    }

    public static AttentionBackend create(AttentionMode mode, TorchOps ops, AttentionEnvironment env, TempProbe probe) {
        return switch (mode) {
            case NONE -> new PlainAttention();
            case V1 -> new SplitV1Attention(probe);
            case DOGGETTX -> new DoggettxAttention(env.freeBytes(), probe);
            case INVOKEAI -> env.cuda()
                    ? new InvokeAiAttention(() -> (long) (env.freeBytes().getAsLong() / INVOKEAI_CUDA_SAFETY) >> 20, probe)
                    : InvokeAiAttention.cpu(probe);
            case SUB_QUADRATIC -> new SubQuadraticAttention(env.subQuad(), env.freeBytes(), probe);
            case SDP -> new SdpaAttention(ops);
            case SDP_NO_MEM -> new SdpNoMemAttention(ops);
            case XFORMERS -> new XformersAttention(ops, env.cuda(), env.xformersFlash());
        };
    }

    public static AttentionBackend create(AttentionMode mode, TorchOps ops, AttentionEnvironment env) {
        return create(mode, ops, env, TempProbe.NONE);
    }
}
