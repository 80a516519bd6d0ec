package dev.sdwebui.model.keys;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import dev.sdwebui.model.io.ReadOptions;
import dev.sdwebui.model.io.StateDict;
import dev.sdwebui.model.io.WeightsReader;
import dev.sdwebui.testsupport.SharedReference;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LdmKeysTest {

    private static final String UNET = "model.diffusion_model.input_blocks.0.0.weight";
    private static final String VAE = "first_stage_model.decoder.conv_in.weight";
    private static final String TOK = "cond_stage_model.transformer.text_model.embeddings.token_embedding.weight";

    @Test
    void canonicalKeysPassThroughAndExtrasAreIgnored() {
        KeyPlan p = LdmKeys.plan(List.of(UNET, VAE, TOK, "alphas_cumprod", "model_ema.decay",
                "model_ema.num_updates", "model_ema.diffusion_modelinput_blocks00weight",
                "cond_stage_model.transformer.text_model.embeddings.position_ids",
                "first_stage_model.loss.discriminator.main.0.weight"));
        assertThat(p.strippedPrefix()).isEmpty();
        assertThat(p.newToOld()).containsOnlyKeys(UNET, VAE, TOK, "alphas_cumprod");
        assertThat(p.ignored()).containsExactly(
                "cond_stage_model.transformer.text_model.embeddings.position_ids",
                "first_stage_model.loss.discriminator.main.0.weight",
                "model_ema.decay", "model_ema.diffusion_modelinput_blocks00weight", "model_ema.num_updates");
    }

    @Test
    void olderClipDialectIsRenamed() {
        KeyPlan p = LdmKeys.plan(List.of(UNET,
                "cond_stage_model.transformer.embeddings.token_embedding.weight",
                "cond_stage_model.transformer.encoder.layers.0.mlp.fc1.weight",
                "cond_stage_model.transformer.final_layer_norm.bias",
                "cond_stage_model.transformer.embeddings.position_ids"));
        assertThat(p.newToOld()).containsExactlyInAnyOrderEntriesOf(Map.of(
                UNET, UNET,
                TOK, "cond_stage_model.transformer.embeddings.token_embedding.weight",
                "cond_stage_model.transformer.text_model.encoder.layers.0.mlp.fc1.weight",
                "cond_stage_model.transformer.encoder.layers.0.mlp.fc1.weight",
                "cond_stage_model.transformer.text_model.final_layer_norm.bias",
                "cond_stage_model.transformer.final_layer_norm.bias"));
        assertThat(p.ignored()).containsExactly("cond_stage_model.transformer.embeddings.position_ids");
        assertThat(p.notes()).anyMatch(n -> n.contains("renamed 3 CLIP keys"));
    }

    @Test
    void bothDialectsPresentKeepsTextModelForm() {
        KeyPlan p = LdmKeys.plan(List.of(TOK, "cond_stage_model.transformer.embeddings.token_embedding.weight"));
        assertThat(p.newToOld()).containsExactly(Map.entry(TOK, TOK));
        assertThat(p.ignored()).containsExactly("cond_stage_model.transformer.embeddings.token_embedding.weight");
    }

    @Test
    void wrapperPrefixesAreStrippedOnlyWhenTheyWrapLdmKeys() {
        KeyPlan wrapped = LdmKeys.plan(List.of("model." + UNET, "model." + VAE, "model." + TOK, "model_ema.decay"));
        assertThat(wrapped.strippedPrefix()).isEqualTo("model.");
        assertThat(wrapped.newToOld()).containsOnlyKeys(UNET, VAE, TOK).containsEntry(UNET, "model." + UNET);

        KeyPlan ddp = LdmKeys.plan(List.of("module." + UNET, "module." + VAE));
        assertThat(ddp.strippedPrefix()).isEqualTo("module.");
        assertThat(ddp.newToOld()).containsOnlyKeys(UNET, VAE);

        KeyPlan both = LdmKeys.plan(List.of("module.model." + UNET, "module.model." + TOK));
        assertThat(both.strippedPrefix()).isEqualTo("module.model.");

        // a UNet-only file: every key starts with "model." but that is the LDM name itself
        KeyPlan unetOnly = LdmKeys.plan(List.of(UNET, "model.diffusion_model.out.2.bias"));
        assertThat(unetOnly.strippedPrefix()).isEmpty();
        assertThat(unetOnly.newToOld()).containsOnlyKeys(UNET, "model.diffusion_model.out.2.bias");
    }

    @Test
    void tinyReferenceNormalisesWithTheThreeKnownExtrasIgnored() throws Exception {
        try (NDManager root = NDManager.newBaseManager();
             StateDict sd = WeightsReader.read(SharedReference.tinyDir().resolve("tiny-fp16.ckpt"), root,
                     ReadOptions.defaults())) {
            LdmKeys.Normalized n = LdmKeys.normalize(sd);
            assertThat(n.plan().ignored()).containsExactly(
                    "cond_stage_model.transformer.text_model.embeddings.position_ids",
                    "model_ema.decay", "model_ema.num_updates");
            assertThat(n.weights().keys()).hasSize(979 - 3);
            assertThat(n.weights().isOwner()).isFalse();
            assertThat(n.weights().get(TOK)).isSameAs(sd.get(TOK));
        }
    }
}
