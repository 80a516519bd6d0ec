package dev.sdwebui.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import dev.sdwebui.testsupport.SharedReference;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Prompt tags and comments at generation, observed where the real tiny UNet receives the conditioning
 * ([N, 77, 64]: cond rows first, uncond last): they never reach the text encoder; negative prompts keep
 * their tags as text (A1111 parses only positive prompts); unknown networks give "Lora not found".
 */
class ExtraNetworkPromptTest {

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
        Path lora = SharedReference.sharedDir().resolve("reference/lora-tiny/networks/tiny-lora.safetensors");
        Files.createSymbolicLink(fx.loraDir.resolve("tiny-lora.safetensors"), lora);
        fx.networks.loras().refresh();
    }

    @AfterAll
    static void stop() {
        fx.close();
    }

    @BeforeEach
    void clear() {
        CALLS.clear();
    }

    private static GenerationRequest job(String prompt, String negative) {
        return new GenerationRequest(prompt, negative, List.of(), 42, -1, 0, -1, -1, "Euler", null, 1, 1, 1, 7.0, 64, 64,
                false, false, true, true, null, Map.of(), false);
    }

    /** [cond row, uncond row] of the first UNet call. */
    private static float[][] rows(GenerationResult[] out, GenerationRequest r) throws Exception {
        CALLS.clear();
        out[0] = fx.run(r);
        float[][] call = CALLS.get(0);
        return new float[][] {call[0], call[call.length - 1]};
    }

    @Test
    void tagsAndCommentsNeverReachTheTextEncoder() throws Exception {
        GenerationResult[] res = new GenerationResult[1];
        float[][] plain = rows(res, job("a cat", ""));
        float[][] tagged = rows(res, job("<lora:x:1> a cat # note", ""));
        assertThat(tagged[0]).containsExactly(plain[0]);
        assertThat(tagged[1]).containsExactly(plain[1]);
        assertThat(res[0].comments()).containsExactly("Lora not found: x");
        // the infotext keeps the tag, not the comment (A1111 strips comments from all_prompts)
        assertThat(res[0].infotexts().get(0)).startsWith("<lora:x:1> a cat \n");
        assertThat(res[0].infotexts().get(0)).doesNotContain("Lora hashes").doesNotContain("note");
    }

    @Test
    void withCommentsDisabledTheHashIsText() throws Exception {
        GenerationResult[] res = new GenerationResult[1];
        float[][] plain = rows(res, job("a cat", ""));
        float[][] hashed = rows(res, job("a cat # note", "").withOverrideSettings(Map.of("enable_prompt_comments", false)));
        assertThat(hashed[0]).isNotEqualTo(plain[0]);
    }

    @Test
    void negativePromptTagsAreEncodedAsTextAndActivateNothing() throws Exception {
        GenerationResult[] res = new GenerationResult[1];
        float[][] plain = rows(res, job("a cat", "ugly"));
        float[][] tagged = rows(res, job("a cat", "<lora:tiny-lora:1> ugly"));
        assertThat(tagged[0]).as("cond: no network applied").containsExactly(plain[0]);
        assertThat(tagged[1]).as("uncond: the tag is text").isNotEqualTo(plain[1]);
        assertThat(res[0].infotexts().get(0)).doesNotContain("Lora hashes");
        assertThat(res[0].comments()).isEmpty();
    }

    @Test
    void aKnownNetworkChangesTheConditioningAndIsRestoredAfterwards() throws Exception {
        GenerationResult[] res = new GenerationResult[1];
        float[][] plain = rows(res, job("a cat", ""));
        float[][] with = rows(res, job("a cat <lora:tiny-lora:1>", ""));
        assertThat(with[0]).isNotEqualTo(plain[0]);
        assertThat(with[1]).as("the text encoder is patched for the negative prompt too").isNotEqualTo(plain[1]);
        assertThat(res[0].infotexts().get(0)).contains("Lora hashes: \"tiny-lora: 0ff38a476351\"");
        float[][] again = rows(res, job("a cat", ""));
        assertThat(again[0]).containsExactly(plain[0]);
        assertThat(again[1]).containsExactly(plain[1]);
    }

    @Test
    void disableExtraNetworksRemovesTagsButAppliesNothing() throws Exception {
        GenerationResult[] res = new GenerationResult[1];
        float[][] plain = rows(res, job("a cat ", ""));
        float[][] off = rows(res, job("a cat <lora:tiny-lora:1>", "").withDisableExtraNetworks(true));
        assertThat(off[0]).containsExactly(plain[0]);
        assertThat(res[0].infotexts().get(0)).doesNotContain("Lora hashes");
        assertThat(res[0].comments()).isEmpty();
    }

    @Test
    void lycoIsAnAliasOfLoraAndBadMultipliersApplyNothing() throws Exception {
        GenerationResult[] res = new GenerationResult[1];
        float[][] lora = rows(res, job("a cat <lora:tiny-lora:0.5>", ""));
        float[][] lyco = rows(res, job("a cat <lyco:tiny-lora:0.5>", ""));
        assertThat(lyco[0]).containsExactly(lora[0]);
        float[][] plain = rows(res, job("a cat", ""));
        float[][] bad = rows(res, job("a cat <lora:tiny-lora:abc>", ""));
        assertThat(bad[0]).containsExactly(plain[0]);
        assertThat(res[0].comments()).singleElement().asString().contains("could not convert string to float");
    }
}
