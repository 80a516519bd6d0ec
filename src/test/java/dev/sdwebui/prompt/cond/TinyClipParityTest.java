package dev.sdwebui.prompt.cond;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sdwebui.model.embedding.TextualInversion;
import dev.sdwebui.prompt.token.BpeVocabulary;
import dev.sdwebui.prompt.token.ClipTokenizer;
import dev.sdwebui.testsupport.Npy;
import dev.sdwebui.testsupport.SharedReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Tokenizer + chunking + emphasis + a test-only tiny CLIP against the reference cond.npy/uncond.npy
 * (rel. tol 1e-5), and a textual-inversion embedding built from the "dog" token embedding, which must
 * reproduce the "dog" conditioning exactly through the override path.
 */
class TinyClipParityTest {

    private static TinyClipTextEncoder clip;
    private static ClipTokenizer tok;

    @BeforeAll
    static void load() throws Exception {
        Path tiny = SharedReference.tinyDir();
        tok = new ClipTokenizer(BpeVocabulary.bundled());
        clip = new TinyClipTextEncoder(tiny.resolve("tiny-fp32.safetensors"), 2, 4);
    }

    @AfterAll
    static void close() {
        if (clip != null) {
            clip.close();
        }
    }

    private static double relDiff(float[] got, float[] want) {
        double maxDiff = 0;
        double maxAbs = 0;
        for (int i = 0; i < want.length; i++) {
            maxDiff = Math.max(maxDiff, Math.abs(got[i] - want[i]));
            maxAbs = Math.max(maxAbs, Math.abs(want[i]));
        }
        return maxDiff / maxAbs;
    }

    @Test
    void condAndUncondMatchTheReference() throws Exception {
        ObjectMapper json = new ObjectMapper();
        int checked = 0;
        try (NDManager m = NDManager.newBaseManager();
                Stream<Path> dirs = Files.list(SharedReference.tinyDir().resolve("cases"))) {
            PromptConditioner c = new PromptConditioner(clip, tok, ChunkSettings.DEFAULTS, EmbeddingMatcher.NONE, m);
            for (Path dir : dirs.filter(d -> Files.isRegularFile(d.resolve("case.json"))).sorted().toList()) {
                JsonNode cs = json.readTree(dir.resolve("case.json").toFile()).get("case");
                ScheduleSpec spec = ScheduleSpec.of(cs.get("steps").asInt());
                float[] cond = c.multicond(List.of(cs.get("prompt").asText()), spec).batch().get(0).get(0)
                        .schedule().at(1).toFloatArray();
                float[] uncond = c.learned(cs.get("negative_prompt").asText(), spec).at(1).toFloatArray();
                assertThat(relDiff(cond, Npy.read(dir.resolve("cond.npy")).floats())).as(dir + " cond").isLessThan(1e-5);
                assertThat(relDiff(uncond, Npy.read(dir.resolve("uncond.npy")).floats())).as(dir + " uncond").isLessThan(1e-5);
                checked++;
            }
        }
        assertThat(checked).isGreaterThanOrEqualTo(11);
    }

    @Test
    void embeddingWithTheDogVectorGivesTheDogConditioning() {
        int dog = tok.encode("dog")[0];
        TextualInversion ti = new TextualInversion("zzyzx", clip.tokenRow(dog), 1, clip.width(), "0123456789abcdef",
                null, null, null, null);
        try (NDManager m = NDManager.newBaseManager()) {
            PromptConditioner c = new PromptConditioner(clip, tok, ChunkSettings.DEFAULTS,
                    EmbeddingMatcher.of(tok, List.of(ti)), m);
            float[] viaEmbedding = c.learned("a photo of a zzyzx", ScheduleSpec.of(8)).at(1).toFloatArray();
            float[] plain = c.learned("a photo of a dog", ScheduleSpec.of(8)).at(1).toFloatArray();
            float[] cat = c.learned("a photo of a cat", ScheduleSpec.of(8)).at(1).toFloatArray();
            assertThat(relDiff(viaEmbedding, plain)).isLessThan(1e-6);
            assertThat(relDiff(cat, plain)).isGreaterThan(1e-3);
            assertThat(c.extraGenerationParams()).containsEntry("TI hashes", "zzyzx: 0123456789ab");
        }
    }

    @Test
    void clipSkipTwoDiffersFromLastLayer() {
        try (NDManager m = NDManager.newBaseManager()) {
            float[] last = new PromptConditioner(clip, tok, ChunkSettings.DEFAULTS, EmbeddingMatcher.NONE, m)
                    .learned("a photo of a cat", ScheduleSpec.of(8)).at(1).toFloatArray();
            float[] skip = new PromptConditioner(clip, tok, new ChunkSettings(EmphasisMode.ORIGINAL, 20, 2),
                    EmbeddingMatcher.NONE, m).learned("a photo of a cat", ScheduleSpec.of(8)).at(1).toFloatArray();
            assertThat(relDiff(skip, last)).isGreaterThan(1e-3);
        }
    }
}
