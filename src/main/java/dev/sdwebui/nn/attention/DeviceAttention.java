package dev.sdwebui.nn.attention;

import dev.sdwebui.device.DeviceManager;
import dev.sdwebui.tensor.script.TorchOps;
import java.util.function.Function;

/**
 * The attention backend a model gets from the {@link DeviceManager}: a {@link SwitchableAttention}
 * that asks the manager for the mode at every call, so the setting {@code cross_attention_optimization}
 * switches it without a restart or a reload.
 */
public final class DeviceAttention {

    private DeviceAttention() {
    }

    public static AttentionEnvironment environment(DeviceManager dm) {
        return new AttentionEnvironment(dm.cuda(), dm.xformersFlash(), dm::freeMemoryBytes,
                new SubQuadChunks(dm.subQuadQChunkSize(), dm.subQuadKvChunkSize(), dm.subQuadChunkThreshold()));
    }

    /** For {@code LoadOptions.withDevice}: builds the switchable backend over the model's ops module. */
    public static Function<TorchOps, AttentionBackend> factory(DeviceManager dm) {
        AttentionEnvironment env = environment(dm);
        return ops -> new SwitchableAttention(dm::attentionMode, mode -> AttentionBackends.create(mode, ops, env));
    }
}
