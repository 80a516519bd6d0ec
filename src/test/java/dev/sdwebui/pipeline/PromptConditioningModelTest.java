package dev.sdwebui.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The prompt syntax reaching the real tiny UNet: a spy on the UNet records the conditioning rows of
 * every call ([N, 77, 64], cond rows first, uncond rows last).
 */
class PromptConditioningModelTest {

    @TempDir
    static Path data;
    static PipelineFixture fx;
    static final List<float[][]> CALLS = new ArrayList<>();

    @BeforeAll
    static void start() throws IOException {
        fx = new PipelineFixture(data, inner -> (x, t, context) -> {
            int n = (int) context.getShape().get(0);
            float[][] rows = new float[n][];
            for (int i = 0; i < n; i++) {
                try (NDArray row = context.get(i)) {
                    rows[i] = row.toFloatArray();
                }
            }
            synchronized (CALLS) {
                CALLS.add(rows);
            }
            return inner.predict(x, t, context);
        });
    }

    @AfterAll
    static void stop() {
        fx.close();
    }

    @BeforeEach
    void clear() {
        CALLS.clear();
    }

    private static GenerationRequest euler(String prompt, int steps) {
        return GenerationRequest.simple(prompt, 42, "Euler", steps, 64, 64);
    }

    private float[] firstCondRow(String prompt) throws Exception {
        CALLS.clear();
        fx.run(euler(prompt, 1));
        return CALLS.get(0)[0];
    }

    @Test
    void promptEditingSwitchesConditioningAtTheA1111Step() throws Exception {
        float[] cat = firstCondRow("cat");
        float[] dog = firstCondRow("dog");
        assertThat(cat).isNotEqualTo(dog);
        CALLS.clear();
        fx.run(euler("[cat:dog:0.5]", 8));
        assertThat(CALLS).hasSize(8);
        // A1111: schedule [[4, "cat"], [8, "dog"]]; CFGDenoiser looks it up with its 0-based call counter
        // (reconstruct_multicond_batch(cond, self.step), first entry with step <= end_at_step), so calls
        // 0..4 use "cat" and calls 5..7 "dog".
        for (int call = 0; call < 8; call++) {
            assertThat(CALLS.get(call)[0]).as("call " + call).containsExactly(call <= 4 ? cat : dog);
        }
    }

    @Test
    void andCallsTheUnetWithThreeConditioningsPerStep() throws Exception {
        fx.run(euler("a cat AND a dog", 4));
        assertThat(CALLS).hasSize(4);
        for (float[][] call : CALLS) {
            assertThat(call).hasNumberOfRows(3);
        }
        float[] cat = firstCondRow("a cat");
        float[] dog = firstCondRow("a dog");
        CALLS.clear();
        fx.run(euler("a cat AND a dog", 1));
        assertThat(CALLS.get(0)[0]).containsExactly(cat);
        assertThat(CALLS.get(0)[1]).containsExactly(dog);
    }

    @Test
    void embeddingFileChangesTheImageAndIsNamedInTheInfotext() throws Exception {
        String prompt = "a photo of mytoken";
        GenerationResult without = fx.run(euler(prompt, 4));
        assertThat(without.infotexts().get(0)).doesNotContain("TI hashes");
        Path file = fx.embeddingsDir.resolve("mytoken.safetensors");
        writeEmbedding(file, 2, 64);
        try {
            GenerationResult with = fx.run(euler(prompt, 4));
            assertThat(with.infotexts().get(0)).containsPattern("TI hashes: \"?mytoken: [0-9a-f]{12}");
            assertThat(pixels(with)).isNotEqualTo(pixels(without));
            assertThat(with.info().extraGenerationParams()).containsKey("TI hashes");
        } finally {
            Files.delete(file);
        }
    }

    private static int[] pixels(GenerationResult r) {
        var img = r.images().get(0);
        return img.getRGB(0, 0, img.getWidth(), img.getHeight(), null, 0, img.getWidth());
    }

    /** A1111-style safetensors embedding: {"emb_params": F32 [vectors, width]}. */
    static void writeEmbedding(Path file, int vectors, int width) throws IOException {
        String header = "{\"emb_params\":{\"dtype\":\"F32\",\"shape\":[" + vectors + "," + width
                + "],\"data_offsets\":[0," + (vectors * width * 4) + "]}}";
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + vectors * width * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h);
        Random r = new Random(7);
        for (int i = 0; i < vectors * width; i++) {
            b.putFloat((float) (r.nextGaussian() * 2));
        }
        Files.write(file, b.array());
    }

    @Test
    void tilingChangesTheImageAndIsWrittenToInfotext() throws Exception {
        GenerationRequest plain = euler("a cat", 2);
        GenerationRequest tiled = new GenerationRequest("a cat", "", List.of(), 42, -1, 0, 0, 0, "Euler", null, 1, 1, 2,
                7.0, 64, 64, false, true, true, true, null, Map.of(), false);
        GenerationResult a = fx.run(plain);
        GenerationResult b = fx.run(tiled);
        assertThat(pixels(b)).isNotEqualTo(pixels(a));
        assertThat(b.infotexts().get(0)).contains("Tiling: True");
        assertThat(pixels(fx.run(plain))).isEqualTo(pixels(a)); // switched off again after the job
    }
}
