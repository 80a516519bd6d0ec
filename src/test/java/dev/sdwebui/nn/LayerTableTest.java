package dev.sdwebui.nn;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** State-dict module paths -> A1111 network layer names (Ref: Lora networks.py assign_network_names_to_compvis_modules). */
class LayerTableTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "model.diffusion_model.input_blocks.1.1.proj_in, diffusion_model_input_blocks_1_1_proj_in",
        "model.diffusion_model.output_blocks.5.1.transformer_blocks.0.attn2.to_out.0, diffusion_model_output_blocks_5_1_transformer_blocks_0_attn2_to_out_0",
        "cond_stage_model.transformer.text_model.encoder.layers.0.self_attn.q_proj, transformer_text_model_encoder_layers_0_self_attn_q_proj",
        "cond_stage_model.transformer.text_model.final_layer_norm, transformer_text_model_final_layer_norm",
        "cond_stage_model.model.transformer.resblocks.0.attn, model_transformer_resblocks_0_attn",
        "cond_stage_model.model.transformer.resblocks.0.mlp.c_fc, model_transformer_resblocks_0_mlp_c_fc",
        "conditioner.embedders.0.transformer.text_model.encoder.layers.0.mlp.fc1, 0_transformer_text_model_encoder_layers_0_mlp_fc1",
        "conditioner.embedders.1.model.transformer.resblocks.3.attn.out_proj, 1_model_transformer_resblocks_3_attn_out_proj",
    })
    void namesLikeA1111(String path, String name) {
        assertThat(LayerTable.networkName(path)).isEqualTo(name);
    }

    @ParameterizedTest
    @CsvSource({"first_stage_model.decoder.conv_in", "model_ema.decay"})
    void vaeAndOtherModulesHaveNoNetworkName(String path) {
        assertThat(LayerTable.networkName(path)).isNull();
    }
}
