package dev.sdwebui.model.keys;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * LoRA key dialects -> A1111 network layer names (Ref: A1111 Lora networks.py
 * convert_diffusers_name_to_compvis and the load_network fallbacks), for SD 1.x, SD 2.x and SDXL.
 */
class NetworkKeysTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        // SD 1.x kohya (diffusers) UNet names
        "lora_unet_conv_in, diffusion_model_input_blocks_0_0",
        "lora_unet_conv_out, diffusion_model_out_2",
        "lora_unet_time_embedding_linear_1, diffusion_model_time_embed_0",
        "lora_unet_time_embedding_linear_2, diffusion_model_time_embed_2",
        "lora_unet_down_blocks_0_attentions_0_proj_in, diffusion_model_input_blocks_1_1_proj_in",
        "lora_unet_down_blocks_1_attentions_1_transformer_blocks_0_attn2_to_k, diffusion_model_input_blocks_5_1_transformer_blocks_0_attn2_to_k",
        "lora_unet_down_blocks_2_resnets_0_conv1, diffusion_model_input_blocks_7_0_in_layers_2",
        "lora_unet_down_blocks_3_resnets_1_conv2, diffusion_model_input_blocks_11_0_out_layers_3",
        "lora_unet_down_blocks_1_resnets_0_conv_shortcut, diffusion_model_input_blocks_4_0_skip_connection",
        "lora_unet_down_blocks_0_resnets_0_time_emb_proj, diffusion_model_input_blocks_1_0_emb_layers_1",
        "lora_unet_down_blocks_0_resnets_0_norm1, diffusion_model_input_blocks_1_0_in_layers_0",
        "lora_unet_down_blocks_0_resnets_0_norm2, diffusion_model_input_blocks_1_0_out_layers_0",
        "lora_unet_down_blocks_2_downsamplers_0_conv, diffusion_model_input_blocks_9_0_op",
        "lora_unet_mid_block_attentions_0_proj_out, diffusion_model_middle_block_1_proj_out",
        "lora_unet_mid_block_resnets_1_conv1, diffusion_model_middle_block_2_in_layers_2",
        "lora_unet_up_blocks_1_attentions_2_transformer_blocks_0_ff_net_0_proj, diffusion_model_output_blocks_5_1_transformer_blocks_0_ff_net_0_proj",
        "lora_unet_up_blocks_3_resnets_2_conv_shortcut, diffusion_model_output_blocks_11_0_skip_connection",
        "lora_unet_up_blocks_0_upsamplers_0_conv, diffusion_model_output_blocks_2_1_conv",
        "lora_unet_up_blocks_2_upsamplers_0_conv, diffusion_model_output_blocks_8_2_conv",
        // SD 1.x text encoder
        "lora_te_text_model_encoder_layers_11_self_attn_q_proj, transformer_text_model_encoder_layers_11_self_attn_q_proj",
        "lora_te_text_model_encoder_layers_0_mlp_fc1, transformer_text_model_encoder_layers_0_mlp_fc1",
        // SDXL second text encoder (OpenCLIP bigG) is always converted
        "lora_te2_text_model_encoder_layers_3_mlp_fc1, 1_model_transformer_resblocks_3_mlp_c_fc",
        "lora_te2_text_model_encoder_layers_3_mlp_fc2, 1_model_transformer_resblocks_3_mlp_c_proj",
        "lora_te2_text_model_encoder_layers_3_self_attn_k_proj, 1_model_transformer_resblocks_3_attn_k_proj",
        "lora_te2_text_model_encoder_layers_3_self_attn_out_proj, 1_model_transformer_resblocks_3_attn_out_proj",
        // names no pattern knows come back unchanged
        "lora_te1_text_model_encoder_layers_0_mlp_fc1, lora_te1_text_model_encoder_layers_0_mlp_fc1",
        "lora_unet_input_blocks_4_1_proj_in, lora_unet_input_blocks_4_1_proj_in",
    })
    void convertsLikeA1111(String file, String layer) {
        assertThat(NetworkKeys.toCompvis(file, false)).isEqualTo(layer);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "lora_te_text_model_encoder_layers_2_mlp_fc1, model_transformer_resblocks_2_mlp_c_fc",
        "lora_te_text_model_encoder_layers_2_mlp_fc2, model_transformer_resblocks_2_mlp_c_proj",
        "lora_te_text_model_encoder_layers_2_self_attn_v_proj, model_transformer_resblocks_2_attn_v_proj",
        "lora_te_text_model_encoder_layers_2_self_attn_out_proj, model_transformer_resblocks_2_attn_out_proj",
    })
    void sd2TextEncoderNamesAreOpenClip(String file, String layer) {
        assertThat(NetworkKeys.toCompvis(file, true)).isEqualTo(layer);
    }

    @Test
    void fallbacksForLdmNamedAndSdxlFiles() {
        Set<String> sdxl = Set.of("diffusion_model_input_blocks_4_1_transformer_blocks_1_attn1_to_q",
                "0_transformer_text_model_encoder_layers_0_mlp_fc1", "1_model_transformer_resblocks_0_attn",
                "1_model_transformer_resblocks_0_attn_out_proj", "diffusion_model_middle_block_1_proj_in");
        // SDXL kohya files name the UNet in ldm terms: lora_unet -> diffusion_model
        assertThat(NetworkKeys.resolve("lora_unet_input_blocks_4_1_transformer_blocks_1_attn1_to_q", false, sdxl::contains))
                .contains(new NetworkKeys.Match("diffusion_model_input_blocks_4_1_transformer_blocks_1_attn1_to_q",
                        "diffusion_model_input_blocks_4_1_transformer_blocks_1_attn1_to_q"));
        // diffusers names still convert for SDXL (same block numbering)
        assertThat(NetworkKeys.resolve("lora_unet_mid_block_attentions_0_proj_in", false, sdxl::contains))
                .contains(new NetworkKeys.Match("diffusion_model_middle_block_1_proj_in", "diffusion_model_middle_block_1_proj_in"));
        assertThat(NetworkKeys.resolve("lora_te1_text_model_encoder_layers_0_mlp_fc1", false, sdxl::contains))
                .contains(new NetworkKeys.Match("0_transformer_text_model_encoder_layers_0_mlp_fc1",
                        "0_transformer_text_model_encoder_layers_0_mlp_fc1"));
        // q/k/v of a MultiheadAttention: filed under their own key, patching the attention module
        assertThat(NetworkKeys.resolve("lora_te2_text_model_encoder_layers_0_self_attn_q_proj", false, sdxl::contains))
                .contains(new NetworkKeys.Match("1_model_transformer_resblocks_0_attn_q_proj",
                        "1_model_transformer_resblocks_0_attn"));
        assertThat(NetworkKeys.resolve("lora_te2_text_model_encoder_layers_0_self_attn_out_proj", false, sdxl::contains))
                .contains(new NetworkKeys.Match("1_model_transformer_resblocks_0_attn_out_proj",
                        "1_model_transformer_resblocks_0_attn_out_proj"));
        // SD 1.x files written with te1 names find the SD 1.x encoder
        Set<String> sd1 = Set.of("transformer_text_model_encoder_layers_1_mlp_fc1");
        assertThat(NetworkKeys.resolve("lora_te1_text_model_encoder_layers_1_mlp_fc1", false, sd1::contains))
                .contains(new NetworkKeys.Match("transformer_text_model_encoder_layers_1_mlp_fc1",
                        "transformer_text_model_encoder_layers_1_mlp_fc1"));
        // PEFT/diffusers dotted names (module part "unet") match nothing
        assertThat(NetworkKeys.resolve("unet", false, sd1::contains)).isEmpty();
    }
}
