package dev.sdwebui.nn;

import dev.sdwebui.device.DeviceManager;
import dev.sdwebui.device.ModuleHook;
import dev.sdwebui.device.ModulePlacer;
import dev.sdwebui.device.WeightMover;
import dev.sdwebui.model.io.ReadOptions;
import dev.sdwebui.nn.attention.AttentionBackend;
import dev.sdwebui.nn.attention.DeviceAttention;
import dev.sdwebui.tensor.script.TorchOps;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * @param read how the weights file is read (fp32 upcast, unpickling policy)
 * @param attention "sdpa" (default, torch's fused kernel) or "plain" (softmax(QK^T/sqrt d)V in DJL ops);
 *                  ignored when {@code attentionFactory} is given
 * @param channelsLast run UNet convolutions on NHWC activations (same numbers, different memory order)
 * @param bf16 conv/linear in bf16 with fp32 activations (opt-in, see {@link NnRuntime}); the UNet's
 *                  attention then runs as bf16 SDPA too (CPU {@code --cpu-bf16})
 * @param attentionFactory builds the attention backend from the model's ops module (the DeviceManager's
 *                  choice, a {@code SwitchableAttention}); null: use {@code attention}
 * @param hook called before each unit (text encoder, UNet and its blocks, VAE) for medvram/lowvram;
 *             ignored when {@code placement} is given
 * @param device where the model computes: "cpu" or "cuda:N" (the weights are read into host RAM and
 *               {@code placement} puts them there)
 * @param halfWeights text encoder and UNet in fp16 (CUDA's default precision; cast at load, inputs and
 *               outputs cast at the network boundaries, results float32)
 * @param halfVae the VAE in fp16 (CUDA without --no-half-vae)
 * @param placement builds the memory policy for the loaded model from its {@link DeviceWeights} mover
 *               (a no-op mover when {@code device} is "cpu") and its UNet block sizes; null: no placement
 */
public record LoadOptions(ReadOptions read, String attention, boolean channelsLast, boolean bf16,
                          Function<TorchOps, AttentionBackend> attentionFactory, ModuleHook hook, String device,
                          boolean halfWeights, boolean halfVae,
                          BiFunction<WeightMover, Map<String, Long>, ModulePlacer> placement) {
    public LoadOptions {
        Objects.requireNonNull(read, "read");
        if (!"sdpa".equals(attention) && !"plain".equals(attention)) {
            throw new IllegalArgumentException("unknown attention backend '" + attention + "' (sdpa, plain)");
        }
        hook = hook == null ? ModuleHook.NONE : hook;
        device = device == null ? "cpu" : device;
        if (!device.equals("cpu") && !device.matches("cuda:\\d+")) {
            throw new IllegalArgumentException("device must be cpu or cuda:N, got '" + device + "'");
        }
    }

    public LoadOptions(ReadOptions read, String attention, boolean channelsLast, boolean bf16,
                       Function<TorchOps, AttentionBackend> attentionFactory, ModuleHook hook) {
        this(read, attention, channelsLast, bf16, attentionFactory, hook, "cpu", false, false, null);
    }

    public LoadOptions(ReadOptions read, String attention, boolean channelsLast, boolean bf16) {
        this(read, attention, channelsLast, bf16, null, ModuleHook.NONE);
    }

    public LoadOptions(ReadOptions read, String attention) {
        this(read, attention, false, false);
    }

    public static LoadOptions defaults() {
        return new LoadOptions(ReadOptions.defaults(), "sdpa", false, false);
    }

    /**
     * The device manager's choices over {@code read}: switchable attention (setting
     * cross_attention_optimization), channels-last, the CPU bf16 option and the medvram/lowvram
     * placement hook. The pipeline's model loading calls this.
     */
    public static LoadOptions forDevice(DeviceManager dm, ReadOptions read) {
        var p = dm.precision();
        // on CUDA the stored dtype is kept at read time (an fp16 file stays mapped, no fp32 copy in host RAM)
        // and the loader casts each network to its precision; CPU computes fp32, read as such
        ReadOptions kept = dm.cuda() ? new ReadOptions(false, read.allowUnsafePickle(), read.threads()) : read;
        return new LoadOptions(kept, "sdpa", dm.channelsLast(), p.unetBf16(), DeviceAttention.factory(dm),
                ModuleHook.NONE, dm.deviceFor("sd"), dm.cuda() && "float16".equals(p.weights()),
                dm.cuda() && "float16".equals(p.vaeWeights()), dm::newPlacer);
    }

    /** The same options computing on {@code computeDevice} with the weights placed by {@code policy}. */
    public LoadOptions withPlacement(String computeDevice,
                                     BiFunction<WeightMover, Map<String, Long>, ModulePlacer> policy) {
        return new LoadOptions(read, attention, channelsLast, bf16, attentionFactory, hook, computeDevice, halfWeights,
                halfVae, policy);
    }

    /** The same options with fp16 text encoder + UNet and/or VAE. */
    public LoadOptions withHalf(boolean weights, boolean vae) {
        return new LoadOptions(read, attention, channelsLast, bf16, attentionFactory, hook, device, weights, vae,
                placement);
    }

    /** The same options with another attention factory, bf16 choice and placement hook. */
    public LoadOptions withDevice(Function<TorchOps, AttentionBackend> factory, boolean useBf16, ModuleHook moduleHook) {
        return new LoadOptions(read, attention, channelsLast, useBf16, factory, moduleHook, device, halfWeights, halfVae,
                placement);
    }
}
