package dev.sdwebui.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sdwebui.testsupport.SharedReference;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Textual inversion on SD 2.x: an embedding of the OpenCLIP width enters the prompt (image changes, TI hashes in
 * the infotext); one of another width is not applied.
 */
@Tag("slow")
class Sd2EmbeddingTest {

    @TempDir
    Path data;

    @Test
    void openClipWidthEmbeddingIsApplied() throws Exception {
        Path ckpt = SharedReference.sharedDir().resolve("reference/sd2-tiny/sd2-base-fp32.safetensors");
        try (PipelineFixture fx = new PipelineFixture(data, ckpt, h -> h, true)) {
            PromptConditioningModelTest.writeEmbedding(fx.embeddingsDir.resolve("sd2emb.safetensors"), 2, 64);
            PromptConditioningModelTest.writeEmbedding(fx.embeddingsDir.resolve("sd1wide.safetensors"), 2, 768);
            GenerationResult plain = fx.run(request("a photo of a cat"));
            GenerationResult emb = fx.run(request("a photo of a sd2emb cat"));
            GenerationResult wrong = fx.run(request("a photo of a sd1wide cat"));
            assertThat(pixels(emb.images().get(0))).isNotEqualTo(pixels(plain.images().get(0)));
            assertThat(emb.infotexts().get(0)).contains("TI hashes: \"sd2emb: ");
            assertThat(wrong.infotexts().get(0)).doesNotContain("TI hashes");
        }
    }

    private static GenerationRequest request(String prompt) {
        return GenerationRequest.simple(prompt, 42, "Euler", 3, 64, 64).withOverrideSettings(Map.of("randn_source", "CPU"));
    }

    private static int[] pixels(BufferedImage img) {
        return img.getRGB(0, 0, img.getWidth(), img.getHeight(), null, 0, img.getWidth());
    }
}
