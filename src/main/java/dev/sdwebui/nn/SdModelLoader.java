package dev.sdwebui.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.pytorch.jni.JniUtils;
import dev.sdwebui.device.ModulePlacer;
import dev.sdwebui.model.detect.CheckpointLoader;
import dev.sdwebui.model.detect.ClipTopology;
import dev.sdwebui.model.detect.LoadedCheckpoint;
import dev.sdwebui.model.detect.ModelDetection;
import dev.sdwebui.model.detect.ModelFamily;
import dev.sdwebui.model.detect.PredictionType;
import dev.sdwebui.model.detect.UnsupportedModelException;
import dev.sdwebui.model.detect.UNetTopology;
import dev.sdwebui.model.detect.VaeTopology;
import dev.sdwebui.model.io.StateDict;
import dev.sdwebui.model.io.WeightsFormatException;
import dev.sdwebui.nn.attention.AttentionBackend;
import dev.sdwebui.nn.attention.Bf16SdpaAttention;
import dev.sdwebui.nn.attention.PlainAttention;
import dev.sdwebui.nn.attention.SdpaAttention;
import dev.sdwebui.nn.clip.ClipTextEncoder;
import dev.sdwebui.nn.clip.OpenClipTextEncoder;
import dev.sdwebui.nn.unet.UNet;
import dev.sdwebui.nn.vae.AutoencoderKL;
import dev.sdwebui.tensor.script.TorchOps;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Reads an LDM/sgm single-file checkpoint (SD 1.x, SD 2.x, SDXL base/refiner) and builds {@link SdModel}
 * from its shapes.
 */
public final class SdModelLoader {

    static final String UNET = "model.diffusion_model";
    static final String VAE = "first_stage_model";
    static final String CLIP = "cond_stage_model.transformer.text_model";
    static final String OPENCLIP = "cond_stage_model.model";
    static final String XL_CLIP_L = "conditioner.embedders.0.transformer.text_model";
    static final String XL_BIGG = "conditioner.embedders.1.model";
    static final String REFINER_BIGG = "conditioner.embedders.0.model";

    /** Keys present in real checkpoints that no network block uses. */
    private static final Pattern KNOWN_EXTRAS = Pattern.compile(
            "model_ema\\..*|.*position_ids|betas|alphas_cumprod|alphas_cumprod_prev|sqrt_alphas_cumprod"
            + "|sqrt_one_minus_alphas_cumprod|log_one_minus_alphas_cumprod|sqrt_recip_alphas_cumprod"
            + "|sqrt_recipm1_alphas_cumprod|posterior_.*|logvar|lvlb_weights|model\\.model_ema\\..*");

    private SdModelLoader() {
    }

    /**
     * Reads, identifies (family from shapes, unsupported families refused before any tensor is read),
     * normalises keys (model.io/model.keys) and builds the networks.
     *
     * @param parent the weights' manager becomes a child of it
     * @throws WeightsFormatException for an unreadable, corrupt or unsafe file
     * @throws UnsupportedModelException for a recognised family this build cannot run (SD 2.x, SDXL...)
     */
    public static SdModel load(Path file, NDManager parent, LoadOptions options)
            throws WeightsFormatException, UnsupportedModelException {
        JniUtils.setGradMode(false);
        LoadedCheckpoint ckpt = CheckpointLoader.load(file, parent, options.read());
        try {
            return build(ckpt.weights(), ckpt.detection(), ckpt, options);
        } catch (RuntimeException e) {
            ckpt.close();
            throw e;
        }
    }

    /**
     * Builds the networks over canonical LDM keys.
     *
     * @param owner closed by {@link SdModel#close()} (the owner of the tensors in {@code sd})
     */
    public static SdModel build(StateDict stored, ModelFamily family, AutoCloseable owner, LoadOptions options) {
        return build(stored, new ModelDetection(family, PredictionType.EPS, java.util.List.of()), owner, options);
    }

    /**
     * Builds the networks of {@code detection}'s family over canonical keys. For SD 2.x (not inpainting) whose
     * prediction type no config yaml gave, A1111's v-test decides eps or v once the UNet is built.
     *
     * @param owner closed by {@link SdModel#close()} (the owner of the tensors in {@code stored})
     */
    public static SdModel build(StateDict stored, ModelDetection detection, AutoCloseable owner, LoadOptions options) {
        ModelFamily family = detection.family();
        if (!family.runnable()) {
            throw new IllegalArgumentException(detection.describe());
        }
        if (!stored.keys().contains(UNET + ".input_blocks.0.0.weight")) {
            throw new IllegalArgumentException("not an LDM single-file Stable Diffusion checkpoint (no "
                    + UNET + ".input_blocks.0.0.weight)");
        }
        StateDict sd = castPrecision(stored, options);
        Map<String, long[]> shapes = new HashMap<>();
        for (String k : sd.keys()) {
            shapes.put(k, sd.get(k).getShape().getShape());
        }
        TorchOps ops = TorchOps.load(sd.manager());
        try {
            AttentionBackend attention = options.attentionFactory() != null ? options.attentionFactory().apply(ops)
                    : "plain".equals(options.attention()) ? new PlainAttention() : new SdpaAttention(ops);
            ModulePlacer placer = placer(sd, ops, options);
            NnRuntime rt = new NnRuntime(ops, attention, options.channelsLast(), options.bf16(), new ConvPadding(),
                    placer != null ? placer : options.hook());
            // bf16: the UNet's attention computes in bf16 too (SDPA inside the ops module)
            NnRuntime unetRt = options.bf16() ? rt.withAttention(new Bf16SdpaAttention(rt.kernels())) : rt;
            Weights root = Weights.of(sd::find);
            UNetTopology ut = UNetTopology.fromShapes(shapes, UNET + ".");
            UNet unet = new UNet(unetRt, root.at(UNET), ut);
            AutoencoderKL vae = new AutoencoderKL(rt, root.at(VAE), VaeTopology.fromShapes(shapes, VAE + "."),
                    family.sdxl() ? VaeTopology.SDXL_SCALE_FACTOR : VaeTopology.SD_SCALE_FACTOR);
            String clipAt = family.sdxl() ? (family == ModelFamily.SDXL_REFINER ? null : XL_CLIP_L)
                    : family == ModelFamily.SD2 || family == ModelFamily.SD2_INPAINTING ? null : CLIP;
            String openClipAt = family.sdxl() ? (family == ModelFamily.SDXL_REFINER ? REFINER_BIGG : XL_BIGG)
                    : clipAt == null ? OPENCLIP : null;
            ClipTextEncoder clip = clipAt == null ? null
                    : new ClipTextEncoder(rt, root.at(clipAt), ClipTopology.fromShapes(shapes, clipAt + "."));
            OpenClipTextEncoder openClip = openClipAt == null ? null
                    : new OpenClipTextEncoder(rt, root.at(openClipAt), OpenClipTextEncoder.topology(shapes, openClipAt + "."));
            Set<String> unused = new TreeSet<>(sd.keys());
            unused.removeAll(root.usedKeys());
            unused.removeIf(k -> KNOWN_EXTRAS.matcher(k).matches());
            float[] ac = sd.find("alphas_cumprod").map(SdModelLoader::floats).orElseGet(SdModelLoader::linearSchedule);
            if (placer != null) {
                placer.placeAtLoad();
            }
            ModelDetection settled = family == ModelFamily.SD2 && !detection.predictionFromConfig()
                    ? VPredictionTest.settle(detection, unet, options.device()) : detection;
            return new SdModel(settled, owner, ops, clip, openClip, unet, vae, ac, unused, rt.padding(), options.device(),
                    root.layers());
        } catch (RuntimeException e) {
            ops.close();
            throw e;
        }
    }

    /**
     * Brings every floating weight to the precision its network computes in: fp16 for the text encoder +
     * UNet when {@code halfWeights}, for the VAE when {@code halfVae}, else fp32. On CPU the reader has
     * already upcast everything to fp32 and this is a no-op; on CUDA the reader keeps the stored dtype
     * (an fp16 file stays mapped, no fp32 copy in host RAM) and only what differs is cast here; the
     * originals are freed. Ref: A1111 sd_models.load_model_weights model.half() with first_stage_model
     * kept aside under --no-half-vae.
     */
    private static StateDict castPrecision(StateDict sd, LoadOptions options) {
        Map<String, NDArray> cast = new HashMap<>();
        for (String k : sd.keys()) {
            NDArray w = sd.get(k);
            DataType type = w.getDataType();
            boolean vae = k.startsWith(VAE + ".");
            boolean net = k.startsWith(UNET + ".") || k.startsWith("cond_stage_model.") || k.startsWith("conditioner.");
            if (!type.isFloating() || k.endsWith("position_ids") || !(vae || net)) {
                continue; // EMA copies and schedule buffers are not computed with: left as read
            }
            boolean half = vae ? options.halfVae() : options.halfWeights();
            DataType target = half ? DataType.FLOAT16 : DataType.FLOAT32;
            if (type != target) {
                cast.put(k, w.toType(target, false));
            }
        }
        if (cast.isEmpty()) {
            return sd;
        }
        StateDict out = sd.replacing(cast);
        cast.keySet().forEach(k -> sd.get(k).close());
        return out;
    }

    /** The memory policy over a {@link DeviceWeights} mover (host RAM <-> options.device()), or null. */
    private static ModulePlacer placer(StateDict sd, TorchOps ops, LoadOptions options) {
        if (options.placement() == null) {
            return null;
        }
        Map<String, Long> keyBytes = new HashMap<>();
        for (String k : sd.keys()) {
            NDArray w = sd.get(k);
            keyBytes.put(k, w.getShape().size() * w.getDataType().getNumOfBytes());
        }
        return options.placement().apply(new DeviceWeights(sd, ops, options.device(), "cpu"),
                ModulePlacer.unetUnitBytes(keyBytes));
    }

    /** A buffer's values as floats, whatever float dtype it is stored in (CUDA reads keep fp16 buffers). */
    private static float[] floats(NDArray a) {
        if (a.getDataType() == DataType.FLOAT32) {
            return a.toFloatArray();
        }
        try (NDArray f = a.toType(DataType.FLOAT32, false)) {
            return f.toFloatArray();
        }
    }

    /**
     * Ref: ldm/modules/diffusionmodules/util.py make_beta_schedule("linear", 1000, 0.00085, 0.012):
     * betas = linspace(sqrt(0.00085), sqrt(0.012), 1000, float64)^2; alphas_cumprod = cumprod(1 - betas).
     */
    static float[] linearSchedule() {
        int n = 1000;
        double a = Math.sqrt(0.00085);
        double b = Math.sqrt(0.012);
        float[] out = new float[n];
        double prod = 1.0;
        for (int i = 0; i < n; i++) {
            double s = a + (b - a) * i / (n - 1);
            prod *= 1.0 - s * s;
            out[i] = (float) prod;
        }
        return out;
    }
}
