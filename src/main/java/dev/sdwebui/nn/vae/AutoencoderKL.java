package dev.sdwebui.nn.vae;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.sdwebui.model.detect.VaeTopology;
import dev.sdwebui.nn.Conv2d;
import dev.sdwebui.nn.NnRuntime;
import dev.sdwebui.nn.Precision;
import dev.sdwebui.nn.Scopes;
import dev.sdwebui.nn.Weights;

/**
 * Ref: ldm/models/autoencoder.py AutoencoderKL: encode = quant_conv(encoder(x)) split into mean and
 * logvar; decode = decoder(post_quant_conv(z)). The latent scale factor (0.18215 for SD 1.x) is NOT
 * applied here: see {@link #scaleFactor()}.
 */
public final class AutoencoderKL {
    private final VaeTopology topology;
    private final VaeEncoder encoder;
    private final VaeDecoder decoder;
    private final Conv2d quantConv;
    private final Conv2d postQuantConv;
    private final dev.sdwebui.device.ModuleHook hook;
    private final DataType dtype; // float16 under CUDA's half VAE, else float32
    private final float scaleFactor;

    /** @param w the view at {@code first_stage_model}; SD 1.x/2.x latent scale 0.18215 */
    public AutoencoderKL(NnRuntime rt, Weights w, VaeTopology topology) {
        this(rt, w, topology, VaeTopology.SD_SCALE_FACTOR);
    }

    /** @param scaleFactor the family's latent scale (0.18215 SD 1.x/2.x, 0.13025 SDXL) */
    public AutoencoderKL(NnRuntime rt, Weights w, VaeTopology topology, float scaleFactor) {
        this.topology = topology;
        this.scaleFactor = scaleFactor;
        this.hook = rt.hook();
        encoder = new VaeEncoder(rt, w.at("encoder"));
        decoder = new VaeDecoder(rt, w.at("decoder"));
        quantConv = Conv2d.same(rt, w.at("quant_conv"));
        postQuantConv = Conv2d.same(rt, w.at("post_quant_conv"));
        dtype = w.get("post_quant_conv.weight").getDataType();
    }

    public VaeTopology topology() {
        return topology;
    }

    /** The family's latent scale factor: latents for the UNet are {@code mean * scaleFactor}. */
    public float scaleFactor() {
        return scaleFactor;
    }

    /** z: [B, 4, h, w] (unscaled) -> float32 image [B, 3, 8h, 8w], roughly in [-1, 1], in z's manager. */
    public NDArray decode(NDArray z) {
        hook.beforeForward("first_stage_model");
        return Scopes.scoped(z, () -> Precision.as(decoder.forward(postQuantConv.forward(Precision.as(z, dtype))),
                DataType.FLOAT32));
    }

    /** x: [B, 3, H, W] in [-1, 1] -> the posterior (mean, clamped logvar), in x's manager. */
    public LatentDistribution encode(NDArray x) {
        hook.beforeForward("first_stage_model");
        NDManager parent = x.getManager();
        try (NDManager s = parent.newSubManager()) {
            x.tempAttach(s);
            NDList parts = quantConv.forward(encoder.forward(Precision.as(x, dtype))).split(2, 1);
            NDArray mean = Precision.as(parts.get(0), DataType.FLOAT32);
            NDArray logvar = Precision.as(parts.get(1), DataType.FLOAT32).clip(-30.0f, 20.0f);
            mean.attach(parent);
            logvar.attach(parent);
            return new LatentDistribution(mean, logvar);
        }
    }
}
