package dev.sdwebui.model.keys;

import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Key dialects of LoRA-family files (kohya {@code lora_unet_down_blocks_...}, ldm-named
 * {@code lora_unet_input_blocks_...}, SDXL {@code lora_te1_}/{@code lora_te2_}) mapped to A1111's network
 * layer names ({@code diffusion_model_input_blocks_1_1_proj_in}, {@code transformer_text_model_...},
 * {@code 0_transformer_text_model_...}, {@code 1_model_transformer_resblocks_...}).
 *
 * <p>Ref: A1111 extensions-builtin/Lora/networks.py (v1.10) {@code convert_diffusers_name_to_compvis}
 * (first matching {@code re.match}, a prefix match) and the fallbacks of {@code load_network}.
 */
public final class NetworkKeys {

    /** What a file key's module part resolved to. */
    public record Match(String key, String module) {
    }

    private static final Pattern CONV_IN = Pattern.compile("lora_unet_conv_in(.*)");
    private static final Pattern CONV_OUT = Pattern.compile("lora_unet_conv_out(.*)");
    private static final Pattern TIME_EMB = Pattern.compile("lora_unet_time_embedding_linear_(\\d+)(.*)");
    private static final Pattern DOWN = Pattern.compile("lora_unet_down_blocks_(\\d+)_(attentions|resnets)_(\\d+)_(.+)");
    private static final Pattern MID = Pattern.compile("lora_unet_mid_block_(attentions|resnets)_(\\d+)_(.+)");
    private static final Pattern UP = Pattern.compile("lora_unet_up_blocks_(\\d+)_(attentions|resnets)_(\\d+)_(.+)");
    private static final Pattern DOWNSAMPLER = Pattern.compile("lora_unet_down_blocks_(\\d+)_downsamplers_0_conv");
    private static final Pattern UPSAMPLER = Pattern.compile("lora_unet_up_blocks_(\\d+)_upsamplers_0_conv");
    private static final Pattern TE = Pattern.compile("lora_te_text_model_encoder_layers_(\\d+)_(.+)");
    private static final Pattern TE2 = Pattern.compile("lora_te2_text_model_encoder_layers_(\\d+)_(.+)");
    private static final Pattern X_PROJ = Pattern.compile("(.*)_([qkv]_proj)$");
    /** Ref: networks.py suffix_conversion: diffusers resnet parts -> ldm ResBlock parts. */
    private static final Map<String, String> RESNET = Map.of("conv1", "in_layers_2", "conv2", "out_layers_3",
            "norm1", "in_layers_0", "norm2", "out_layers_0", "time_emb_proj", "emb_layers_1",
            "conv_shortcut", "skip_connection");

    private NetworkKeys() {
    }

    /**
     * Ref: convert_diffusers_name_to_compvis(key, is_sd2). Keys no pattern matches come back unchanged.
     *
     * @param sd2 the model's text encoder is OpenCLIP named {@code model_transformer_resblocks_*} (SD 2.x)
     */
    public static String toCompvis(String key, boolean sd2) {
        Matcher m;
        if ((m = CONV_IN.matcher(key)).lookingAt()) {
            return "diffusion_model_input_blocks_0_0" + m.group(1);
        }
        if ((m = CONV_OUT.matcher(key)).lookingAt()) {
            return "diffusion_model_out_2" + m.group(1);
        }
        if ((m = TIME_EMB.matcher(key)).lookingAt()) {
            return "diffusion_model_time_embed_" + (num(m, 1) * 2 - 2) + m.group(2);
        }
        if ((m = DOWN.matcher(key)).lookingAt()) {
            boolean attn = m.group(2).equals("attentions");
            return "diffusion_model_input_blocks_" + (1 + num(m, 1) * 3 + num(m, 3)) + "_" + (attn ? 1 : 0) + "_"
                    + suffix(m.group(2), m.group(4));
        }
        if ((m = MID.matcher(key)).lookingAt()) {
            boolean attn = m.group(1).equals("attentions");
            return "diffusion_model_middle_block_" + (attn ? 1 : num(m, 2) * 2) + "_" + suffix(m.group(1), m.group(3));
        }
        if ((m = UP.matcher(key)).lookingAt()) {
            boolean attn = m.group(2).equals("attentions");
            return "diffusion_model_output_blocks_" + (num(m, 1) * 3 + num(m, 3)) + "_" + (attn ? 1 : 0) + "_"
                    + suffix(m.group(2), m.group(4));
        }
        if ((m = DOWNSAMPLER.matcher(key)).lookingAt()) {
            return "diffusion_model_input_blocks_" + (3 + num(m, 1) * 3) + "_0_op";
        }
        if ((m = UPSAMPLER.matcher(key)).lookingAt()) {
            int b = num(m, 1);
            return "diffusion_model_output_blocks_" + (2 + b * 3) + "_" + (b > 0 ? 2 : 1) + "_conv";
        }
        if ((m = TE.matcher(key)).lookingAt()) {
            return sd2 ? openClip("model_transformer_resblocks_", m) : "transformer_text_model_encoder_layers_"
                    + m.group(1) + "_" + m.group(2);
        }
        if ((m = TE2.matcher(key)).lookingAt()) {
            return openClip("1_model_transformer_resblocks_", m);
        }
        return key;
    }

    /**
     * The module of the model a file key's module part names, with A1111's fallbacks in order: the
     * converted name; for {@code _q_proj}/{@code _k_proj}/{@code _v_proj} the MultiheadAttention that owns
     * them; {@code lora_unet} -> {@code diffusion_model} (ldm-named files, SDXL); {@code lora_te1_text_model}
     * -> {@code 0_transformer_text_model} then {@code transformer_text_model}; {@code oft_unet} ->
     * {@code diffusion_model}.
     *
     * @param exists whether the model has a module of that network name
     * @return the key the network module is filed under and the model module it patches
     */
    public static Optional<Match> resolve(String fileModule, boolean sd2, Predicate<String> exists) {
        String key = toCompvis(fileModule, sd2);
        if (exists.test(key)) {
            return Optional.of(new Match(key, key));
        }
        Matcher x = X_PROJ.matcher(key);
        if (x.matches() && exists.test(x.group(1))) {
            return Optional.of(new Match(key, x.group(1)));
        }
        String alt = null;
        if (fileModule.contains("lora_unet")) {
            alt = fileModule.replace("lora_unet", "diffusion_model");
        } else if (fileModule.contains("lora_te1_text_model")) {
            alt = fileModule.replace("lora_te1_text_model", "0_transformer_text_model");
            if (!exists.test(alt)) {
                alt = fileModule.replace("lora_te1_text_model", "transformer_text_model");
            }
        } else if (fileModule.contains("oft_unet")) {
            alt = fileModule.replace("oft_unet", "diffusion_model");
        }
        return alt != null && exists.test(alt) ? Optional.of(new Match(alt, alt)) : Optional.empty();
    }

    private static String openClip(String prefix, Matcher m) {
        String rest = m.group(2);
        if (rest.contains("mlp_fc1")) {
            rest = rest.replace("mlp_fc1", "mlp_c_fc");
        } else if (rest.contains("mlp_fc2")) {
            rest = rest.replace("mlp_fc2", "mlp_c_proj");
        } else {
            rest = rest.replace("self_attn", "attn");
        }
        return prefix + m.group(1) + "_" + rest;
    }

    private static String suffix(String kind, String part) {
        return kind.equals("resnets") ? RESNET.getOrDefault(part, part) : part;
    }

    private static int num(Matcher m, int group) {
        return Integer.parseInt(m.group(group));
    }
}
