package dev.sdwebui.nn;

import dev.sdwebui.device.ModuleHook;
import dev.sdwebui.model.io.ReadOptions;
import dev.sdwebui.nn.attention.AttentionBackend;
import dev.sdwebui.tensor.script.TorchOps;
import java.util.Objects;
import java.util.function.Function;

/**
 * @param read how the weights file is read (fp32 upcast, unpickling policy)
 * @param attention "sdpa" (default, torch's fused kernel) or "plain" (softmax(QK^T/sqrt d)V in DJL ops);
 *                  ignored when {@code attentionFactory} is given
 * @param channelsLast run UNet convolutions on NHWC activations (same numbers, different memory order)
 * @param attentionFactory builds the attention backend from the model's ops module (the DeviceManager's
 *                  choice, e.g. a {@code SwitchableAttention}); null: use {@code attention}
 * @param unetBf16 the UNet computes conv, linear and attention in bfloat16 inside the ops module
 *                  (CPU {@code --cpu-bf16}; fp32 in/out; not bit-compatible with fp32)
 * @param hook called before each unit (text encoder, UNet and its blocks, VAE) for medvram/lowvram
 */
public record LoadOptions(ReadOptions read, String attention, boolean channelsLast,
                          Function<TorchOps, AttentionBackend> attentionFactory, boolean unetBf16, ModuleHook hook) {
    public LoadOptions {
        Objects.requireNonNull(read, "read");
        if (!"sdpa".equals(attention) && !"plain".equals(attention)) {
            throw new IllegalArgumentException("unknown attention backend '" + attention + "' (sdpa, plain)");
        }
        hook = hook == null ? ModuleHook.NONE : hook;
    }

    public LoadOptions(ReadOptions read, String attention, boolean channelsLast) {
        this(read, attention, channelsLast, null, false, ModuleHook.NONE);
    }

    public LoadOptions(ReadOptions read, String attention) {
        this(read, attention, false);
    }

    public static LoadOptions defaults() {
        return new LoadOptions(ReadOptions.defaults(), "sdpa", false);
    }

    /**
     * The device manager's choices over {@code base}: switchable attention, channels-last, the CPU bf16
     * UNet and the medvram/lowvram/budget placement hook. The pipeline's model loading calls this.
     */
    public static LoadOptions forDevice(dev.sdwebui.device.DeviceManager dm, ReadOptions read) {
        var placer = dm.newPlacer(dev.sdwebui.device.WeightMover.NONE, java.util.Map.of());
        return new LoadOptions(read, "sdpa", dm.channelsLast(), dev.sdwebui.nn.attention.DeviceAttention.factory(dm),
                dm.precision().unetBf16(), placer);
    }

    /** The same options with the device manager's runtime choices. */
    public LoadOptions withDevice(Function<TorchOps, AttentionBackend> factory, boolean bf16, ModuleHook moduleHook) {
        return new LoadOptions(read, attention, channelsLast, factory, bf16, moduleHook);
    }
}
