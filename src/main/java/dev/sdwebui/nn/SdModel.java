package dev.sdwebui.nn;

import dev.sdwebui.model.detect.ModelDetection;
import dev.sdwebui.model.detect.ModelFamily;
import dev.sdwebui.model.detect.PredictionType;
import dev.sdwebui.nn.clip.ClipTextEncoder;
import dev.sdwebui.nn.clip.OpenClipTextEncoder;
import dev.sdwebui.nn.unet.UNet;
import dev.sdwebui.nn.vae.AutoencoderKL;
import dev.sdwebui.tensor.script.TorchOps;
import java.util.Set;

/**
 * A loaded checkpoint: text encoder(s), UNet, VAE and the training noise schedule. SD 1.x has the HF CLIP
 * tower ({@link #textEncoder()}); SD 2.x the OpenCLIP ViT-H ({@link #openClip()}); SDXL base both (CLIP-L and
 * bigG), the SDXL refiner only bigG. Owns the weights (one manager) and the ops module; {@link #close()} frees both.
 *
 * <p>Threading: forwards are stateless and may run on any thread that called
 * {@code JniUtils.setGradMode(false)}; results land in the caller's manager (that of the input).
 */
public final class SdModel implements AutoCloseable {
    private final ModelDetection detection;
    private final ModelFamily family;
    private final OpenClipTextEncoder openClip;
    private final AutoCloseable weights;
    private final TorchOps ops;
    private final ClipTextEncoder textEncoder;
    private final UNet unet;
    private final AutoencoderKL vae;
    private final float[] alphasCumprod;
    private final Set<String> unusedKeys;
    private final ConvPadding padding;
    private final String device;
    private final LayerTable layers;
    private final dev.sdwebui.nn.network.NetworkPatcher networks;

    SdModel(ModelDetection detection, AutoCloseable weights, TorchOps ops, ClipTextEncoder textEncoder,
            OpenClipTextEncoder openClip, UNet unet, AutoencoderKL vae, float[] alphasCumprod, Set<String> unusedKeys,
            ConvPadding padding, String device, LayerTable layers) {
        this.layers = layers;
        this.networks = new dev.sdwebui.nn.network.NetworkPatcher(layers, ops);
        this.padding = padding;
        this.device = device;
        this.detection = detection;
        this.family = detection.family();
        this.openClip = openClip;
        this.weights = weights;
        this.ops = ops;
        this.textEncoder = textEncoder;
        this.unet = unet;
        this.vae = vae;
        this.alphasCumprod = alphasCumprod.clone();
        this.unusedKeys = Set.copyOf(unusedKeys);
    }

    /** The patchable layers by A1111 network layer name (what extra networks patch). */
    public LayerTable layers() {
        return layers;
    }

    /** The extra networks (LoRA...) applied to this model's weights, and the means to change them. */
    public dev.sdwebui.nn.network.NetworkPatcher networks() {
        return networks;
    }

    /** Where this model computes ("cpu", "cuda:0"): a job's tensors belong there. */
    public String device() {
        return device;
    }

    /** A1111's device name in DJL's terms, for the managers of a job's tensors. */
    public ai.djl.Device djlDevice() {
        return device.equals("cpu") ? ai.djl.Device.cpu() : ai.djl.Device.gpu(Integer.parseInt(device.substring(5)));
    }

    /** The family (SD1, SD2, SDXL, ... and their inpainting variants), as detected from shapes. */
    public ModelFamily family() {
        return family;
    }

    /** The detection, with the prediction type settled at load (yaml, or A1111's SD 2.x v-test) and the evidence. */
    public ModelDetection detection() {
        return detection;
    }

    /** eps or v: which k-diffusion wrapper (CompVisDenoiser or CompVisVDenoiser) samples this model. */
    public PredictionType prediction() {
        return detection.prediction();
    }

    /** The HF CLIP text tower: SD 1.x's text encoder, SDXL's CLIP-L; null for SD 2.x and the SDXL refiner. */
    public ClipTextEncoder textEncoder() {
        return textEncoder;
    }

    /** The OpenCLIP text tower: SD 2.x's ViT-H, SDXL's bigG; null for SD 1.x. */
    public OpenClipTextEncoder openClip() {
        return openClip;
    }

    public UNet unet() {
        return unet;
    }

    public AutoencoderKL vae() {
        return vae;
    }

    /** [1000] cumulative alpha products (checkpoint buffer, or LDM's linear schedule when absent). */
    public float[] alphasCumprod() {
        return alphasCumprod.clone();
    }

    /** Checkpoint keys no block consumed, other than the known extras (position_ids, model_ema.*, schedule buffers). */
    public Set<String> unusedKeys() {
        return unusedKeys;
    }

    /** The TorchScript ops module, for callers that need the same fused kernels (e.g. image ops). */
    public TorchOps ops() {
        return ops;
    }

    /** A1111 "Tiling": circular padding on every convolution of this model until switched off. */
    public void setTiling(boolean tiling) {
        padding.setCircular(tiling);
    }

    public boolean tiling() {
        return padding.circular();
    }

    @Override
    public void close() {
        networks.close();
        ops.close();
        try {
            weights.close();
        } catch (Exception e) {
            throw new IllegalStateException("cannot release the model weights", e);
        }
    }
}
