package dev.sdwebui.pipeline;

import dev.sdwebui.config.settings.A1111Settings;
import dev.sdwebui.model.detect.PredictionType;
import dev.sdwebui.nn.SdModel;
import dev.sdwebui.prompt.cond.TextEncoder;
import dev.sdwebui.sampling.denoise.CompVisDenoiser;
import dev.sdwebui.sampling.denoise.CompVisVDenoiser;
import dev.sdwebui.sampling.denoise.ConditionedModel;
import dev.sdwebui.sampling.denoise.NoisePredictor;
import dev.sdwebui.sampling.denoise.TimestepsDenoiser;
import dev.sdwebui.sampling.schedule.DiscreteSchedule;

/**
 * What differs between model families for one job, chosen once from the loaded model so that txt2img, img2img
 * and the hires pass run the same loop: the prompt -> conditioning encoder (SD 1.x CLIP, SD 2.x OpenCLIP, SDXL's
 * packed CLIP-L + bigG), the network call the samplers see (SDXL adds its vector input), the parameterization
 * (eps -> CompVisDenoiser, v -> CompVisVDenoiser; Ref: A1111 sd_samplers_kdiffusion.py KDiffusionSampler,
 * sd_samplers_timesteps.py CompVisTimestepsVDenoiser) and which textual-inversion widths apply. The latent scale
 * lives with the VAE ({@code SdModel.vae().scaleFactor()}).
 */
final class FamilyStrategy {

    private final SdModel model;
    private final TextEncoder text;
    private final NoisePredictor unet;
    private final int embeddingWidth;

    private FamilyStrategy(SdModel model, TextEncoder text, NoisePredictor unet, int embeddingWidth) {
        this.model = model;
        this.text = text;
        this.unet = unet;
        this.embeddingWidth = embeddingWidth;
    }

    static FamilyStrategy of(SdModel model, JobSettings settings) {
        if (model.family().sdxl()) {
            SdxlTextEncoder text = new SdxlTextEncoder(model.textEncoder(), model.openClip(), new SdxlTextEncoder.Options(
                    settings.get(A1111Settings.SDXL_CLIP_L_SKIP),
                    settings.get(A1111Settings.SDXL_REFINER_HIGH_AESTHETIC_SCORE),
                    settings.get(A1111Settings.SDXL_REFINER_LOW_AESTHETIC_SCORE)));
            SdxlUNet unet = new SdxlUNet(model.unet(), text.pooledWidth(), text.refiner(),
                    settings.get(A1111Settings.SDXL_CROP_TOP), settings.get(A1111Settings.SDXL_CROP_LEFT));
            return new FamilyStrategy(model, text, unet, -1);
        }
        if (model.textEncoder() == null) {
            return new FamilyStrategy(model, new OpenClipTextEncoderAdapter(model.openClip()), model.unet()::forward,
                    model.openClip().topology().width());
        }
        return new FamilyStrategy(model, new ClipTextEncoderAdapter(model.textEncoder()), model.unet()::forward,
                model.textEncoder().topology().width());
    }

    /** The prompt package's view of the text encoder(s). */
    TextEncoder textEncoder() {
        return text;
    }

    /** The network as the denoisers call it (context as the text encoder produces it). */
    NoisePredictor unet() {
        return unet;
    }

    /** Width of the textual-inversion vectors this model takes; -1 when none (SDXL's two-encoder files). */
    int embeddingWidth() {
        return embeddingWidth;
    }

    boolean vPrediction() {
        return model.prediction() == PredictionType.V;
    }

    /** The k-diffusion wrapper of the family's parameterization. */
    static ConditionedModel kDiffusion(SdModel model, NoisePredictor net, DiscreteSchedule schedule, boolean quantize) {
        return model.prediction() == PredictionType.V ? new CompVisVDenoiser(net, schedule, quantize)
                : new CompVisDenoiser(net, schedule, quantize);
    }

    /** The timestep samplers' wrapper (eps out; v converted). */
    static ConditionedModel timesteps(SdModel model, NoisePredictor net) {
        return new TimestepsDenoiser(net, model.alphasCumprod(), model.prediction() == PredictionType.V);
    }
}
