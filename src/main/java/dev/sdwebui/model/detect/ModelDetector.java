package dev.sdwebui.model.detect;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tells the model family from tensor names and shapes only, in the order of A1111's
 * {@code guess_model_config_from_state_dict} (modules/sd_models_config.py; a1111-reference.md 9d), but
 * stricter at the end: where A1111 falls back to SD 1.x for anything, we need a UNet and a CLIP text
 * encoder whose width matches the UNet's cross-attention context.
 *
 * <p>Input: canonical keys (see {@code model.keys.LdmKeys}) -> shape. v-prediction cannot be seen in
 * shapes; like A1111 it comes from a {@code <checkpoint>.yaml} beside the file
 * ({@code parameterization: "v"}).
 */
public final class ModelDetector {

    static final String UNET = "model.diffusion_model.";
    static final String UNET_IN = UNET + "input_blocks.0.0.weight";
    static final String CLIP_TOKENS = "cond_stage_model.transformer.text_model.embeddings.token_embedding.weight";
    static final String OPENCLIP_ATTN = "cond_stage_model.model.transformer.resblocks.0.attn.in_proj_weight";
    static final String SDXL_BIGG = "conditioner.embedders.1.model.ln_final.weight";
    static final String SDXL_REFINER_BIGG = "conditioner.embedders.0.model.ln_final.weight";
    static final String SD3 = UNET + "x_embedder.proj.weight";
    static final String DEPTH = "depth_model.model.pretrained.act_postprocess3.0.project.0.bias";
    static final String UNCLIP = "embedder.model.ln_final.weight";
    static final String ALT = "cond_stage_model.roberta.embeddings.word_embeddings.weight";

    private static final Pattern PARAMETERIZATION =
            Pattern.compile("(?m)^\\s*parameterization:\\s*[\"']?([A-Za-z0-9_]+)[\"']?\\s*(#.*)?$");

    private ModelDetector() {
    }

    /** Detection from shapes alone (eps unless the family implies otherwise). */
    public static ModelDetection detect(Map<String, long[]> shapes) {
        return detect(shapes, Optional.empty());
    }

    /** Detection from shapes plus the text of a config yaml beside the checkpoint, when there is one. */
    public static ModelDetection detect(Map<String, long[]> shapes, Optional<String> yaml) {
        List<String> reasons = new ArrayList<>();
        ModelFamily family = family(shapes, reasons);
        PredictionType prediction = PredictionType.EPS;
        Optional<String> param = yaml.flatMap(ModelDetector::parameterization);
        if (param.isPresent()) {
            prediction = "v".equals(param.get()) ? PredictionType.V : PredictionType.EPS;
            reasons.add("config yaml: parameterization " + param.get());
        } else if (family == ModelFamily.SD2) {
            reasons.add("eps or v is decided at load by A1111's v-test (the UNet run once on a fixed input)");
        }
        return new ModelDetection(family, prediction, reasons, param.isPresent());
    }

    /** The {@code <stem>.yaml} beside a checkpoint (A1111's find_checkpoint_config), if readable. */
    public static Optional<String> yamlBeside(Path checkpoint) {
        String name = checkpoint.getFileName().toString();
        int dot = name.lastIndexOf('.');
        Path yaml = checkpoint.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + ".yaml");
        try {
            return Files.isRegularFile(yaml) ? Optional.of(Files.readString(yaml, StandardCharsets.UTF_8)) : Optional.empty();
        } catch (IOException ex) {
            return Optional.empty();
        }
    }

    /** The value of {@code parameterization:} in an LDM config yaml, if any. */
    static Optional<String> parameterization(String yaml) {
        Matcher m = PARAMETERIZATION.matcher(yaml);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    private static ModelFamily family(Map<String, long[]> s, List<String> why) {
        long inChannels = s.containsKey(UNET_IN) && s.get(UNET_IN).length == 4 ? s.get(UNET_IN)[1] : -1;
        if (s.containsKey(SD3)) {
            return found(why, SD3 + " present: MMDiT", ModelFamily.SD3);
        }
        if (s.containsKey(SDXL_BIGG)) {
            why.add("conditioner.embedders.1 (OpenCLIP bigG) present: two text encoders");
            return inpaint(why, inChannels, ModelFamily.SDXL, ModelFamily.SDXL_INPAINTING);
        }
        if (s.containsKey(SDXL_REFINER_BIGG)) {
            return found(why, "conditioner.embedders.0 is OpenCLIP bigG alone", ModelFamily.SDXL_REFINER);
        }
        if (s.containsKey(DEPTH)) {
            return found(why, "depth_model.* present (MiDaS)", ModelFamily.SD2_DEPTH);
        }
        if (s.containsKey(UNCLIP)) {
            return found(why, "embedder.* (image embedder) present", ModelFamily.SD2_UNCLIP);
        }
        if (s.containsKey(OPENCLIP_ATTN)) {
            why.add("cond_stage_model.model.* present: OpenCLIP text encoder of width " + s.get(OPENCLIP_ATTN)[1]);
            return inpaint(why, inChannels, ModelFamily.SD2, ModelFamily.SD2_INPAINTING);
        }
        if (s.containsKey(ALT)) {
            return found(why, "cond_stage_model.roberta.* present: XLM-R text encoder", ModelFamily.ALT_DIFFUSION);
        }
        if (hasAnyPrefix(s, "conditioner.") || s.containsKey(UNET + "label_emb.0.0.weight")) {
            return found(why, "label_emb / conditioner.* present: an SDXL-style UNet without SDXL's text encoders"
                    + " (conditioner.embedders.N.model.ln_final missing)", ModelFamily.UNKNOWN);
        }
        return sd1(s, inChannels, why);
    }

    private static ModelFamily sd1(Map<String, long[]> s, long inChannels, List<String> why) {
        if (inChannels < 0) {
            return found(why, "no UNet (" + UNET_IN + " missing)", ModelFamily.UNKNOWN);
        }
        if (!s.containsKey(CLIP_TOKENS)) {
            return found(why, "no CLIP text encoder (cond_stage_model.transformer.text_model.* missing)",
                    ModelFamily.UNKNOWN);
        }
        long width = s.get(CLIP_TOKENS)[1];
        long context = s.entrySet().stream()
                .filter(e -> e.getKey().startsWith(UNET) && e.getKey().endsWith("attn2.to_k.weight"))
                .mapToLong(e -> e.getValue()[1]).findFirst().orElse(-1);
        if (context != width) {
            return found(why, "the UNet's cross-attention context (" + context + ") does not match the CLIP width ("
                    + width + ")", ModelFamily.UNKNOWN);
        }
        why.add("CLIP text encoder of width " + width + " = UNet context " + context);
        if (inChannels == 8) {
            return found(why, "UNet has 8 input channels", ModelFamily.SD1_INSTRUCT_PIX2PIX);
        }
        return inpaint(why, inChannels, ModelFamily.SD1, ModelFamily.SD1_INPAINTING);
    }

    private static ModelFamily inpaint(List<String> why, long inChannels, ModelFamily base, ModelFamily inpainting) {
        if (inChannels == 9) {
            return found(why, "UNet input_blocks.0.0 has 9 input channels (latent + mask + masked image)", inpainting);
        }
        if (inChannels != 4 && inChannels > 0) {
            return found(why, "UNet has " + inChannels + " input channels, expected 4 or 9", ModelFamily.UNKNOWN);
        }
        return found(why, inChannels == 4 ? "UNet has 4 input channels" : "no UNet input conv found", base);
    }

    private static ModelFamily found(List<String> why, String reason, ModelFamily family) {
        why.add(reason);
        return family;
    }

    private static boolean hasAnyPrefix(Map<String, long[]> s, String prefix) {
        return s.keySet().stream().anyMatch(k -> k.startsWith(prefix));
    }
}
