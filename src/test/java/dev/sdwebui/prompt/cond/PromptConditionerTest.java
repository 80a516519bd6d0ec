package dev.sdwebui.prompt.cond;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.sdwebui.model.embedding.TextualInversion;
import dev.sdwebui.prompt.token.BpeVocabulary;
import dev.sdwebui.prompt.token.ClipTokenizer;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Conditioning with a deterministic fake text encoder (no weights needed). */
class PromptConditionerTest {

    private static ClipTokenizer tok;
    private NDManager manager;
    private FakeTextEncoder enc;

    @BeforeAll
    static void load() {
        tok = new ClipTokenizer(BpeVocabulary.bundled());
    }

    @BeforeEach
    void setUp() {
        manager = NDManager.newBaseManager();
        enc = new FakeTextEncoder();
    }

    @AfterEach
    void tearDown() {
        manager.close();
    }

    private PromptConditioner conditioner(ChunkSettings s, EmbeddingMatcher m) {
        return new PromptConditioner(enc, tok, s, m, manager);
    }

    private PromptConditioner conditioner() {
        return conditioner(ChunkSettings.DEFAULTS, EmbeddingMatcher.NONE);
    }

    @Test
    void shapesFollowChunkCount() {
        PromptConditioner c = conditioner();
        assertThat(c.learned("a photo of a cat", ScheduleSpec.of(20)).at(1).getShape().getShape())
                .containsExactly(77, FakeTextEncoder.WIDTH);
        String longPrompt = String.join(" ", java.util.Collections.nCopies(200, "cat"));
        assertThat(c.learned(longPrompt, ScheduleSpec.of(20)).at(1).getShape().getShape())
                .containsExactly(231, FakeTextEncoder.WIDTH);
    }

    @Test
    void neutralWeightGivesIdenticalConditioning() {
        PromptConditioner c = conditioner();
        float[] a = c.learned("(word:1.0)", ScheduleSpec.of(20)).at(1).toFloatArray();
        float[] b = c.learned("word", ScheduleSpec.of(20)).at(1).toFloatArray();
        assertThat(a).containsExactly(b);
    }

    @Test
    void originalEmphasisMultipliesThenRestoresTheMean() {
        float[] plain = conditioner(new ChunkSettings(EmphasisMode.IGNORE, 20, 1), EmbeddingMatcher.NONE)
                .learned("cat (dog:1.5)", ScheduleSpec.of(20)).at(1).toFloatArray();
        float[] orig = conditioner().learned("cat (dog:1.5)", ScheduleSpec.of(20)).at(1).toFloatArray();
        float[] noNorm = conditioner(new ChunkSettings(EmphasisMode.NO_NORM, 20, 1), EmbeddingMatcher.NONE)
                .learned("cat (dog:1.5)", ScheduleSpec.of(20)).at(1).toFloatArray();
        int w = FakeTextEncoder.WIDTH;
        double meanBefore = 0;
        double meanAfter = 0;
        float[] weighted = plain.clone();
        for (int i = 0; i < w; i++) {
            weighted[2 * w + i] *= 1.5f; // token 2 is "dog"
        }
        for (int i = 0; i < plain.length; i++) {
            meanBefore += plain[i];
            meanAfter += weighted[i];
        }
        double ratio = meanBefore / meanAfter;
        for (int i = 0; i < plain.length; i++) {
            assertThat(noNorm[i]).isCloseTo(weighted[i], within(1e-5f));
            assertThat((double) orig[i]).isCloseTo(weighted[i] * ratio, within(1e-4));
        }
        double origMean = 0;
        for (float v : orig) {
            origMean += v;
        }
        assertThat(origMean / orig.length).isCloseTo(meanBefore / plain.length, within(1e-5));
    }

    @Test
    void scheduleSwitchesAtTheRightStep() {
        PromptConditioner c = conditioner();
        ScheduledConditioning s = c.learned("[cat:dog:0.5]", ScheduleSpec.of(8));
        float[] cat = conditioner().learned("cat", ScheduleSpec.of(8)).at(1).toFloatArray();
        float[] dog = conditioner().learned("dog", ScheduleSpec.of(8)).at(1).toFloatArray();
        for (int step = 1; step <= 8; step++) {
            assertThat(s.at(step).toFloatArray()).as("step " + step).containsExactly(step <= 4 ? cat : dog);
        }
        assertThat(s.entries()).extracting(ScheduledConditioning.Entry::endAtStep).containsExactly(4, 8);
    }

    @Test
    void identicalPromptsAreEncodedOnce() {
        PromptConditioner c = conditioner();
        ScheduledConditioning a = c.learned("a cat", ScheduleSpec.of(20));
        ScheduledConditioning b = c.learned("a cat", ScheduleSpec.of(20));
        assertThat(a).isSameAs(b);
        assertThat(enc.calls).hasSize(1);
        c.multicond(List.of("a cat", "a cat"), ScheduleSpec.of(20));
        assertThat(enc.calls).hasSize(1);
    }

    @Test
    void andGivesOneConditioningPerSubPromptWithWeights() {
        PromptConditioner c = conditioner();
        MultiCondConditioning mc = c.multicond(List.of("a cat AND a dog:0.5"), ScheduleSpec.of(10));
        assertThat(mc.condCount()).isEqualTo(2);
        try (NDManager step = manager.newSubManager()) {
            CondBatch batch = mc.at(3, step);
            assertThat(batch.tensor().getShape().getShape()).containsExactly(2, 77, FakeTextEncoder.WIDTH);
            assertThat(batch.condsList().get(0)).extracting(w -> w.weight()).containsExactly(1.0, 0.5);
        }
    }

    @Test
    void stackingPadsShorterConditioningsWithTheirLastVector() {
        PromptConditioner c = conditioner();
        String longPrompt = String.join(" ", java.util.Collections.nCopies(100, "cat"));
        MultiCondConditioning mc = c.multicond(List.of("dog AND " + longPrompt), ScheduleSpec.of(10));
        try (NDManager step = manager.newSubManager()) {
            NDArray t = mc.at(1, step).tensor();
            assertThat(t.getShape().getShape()).containsExactly(2, 154, FakeTextEncoder.WIDTH);
            assertThat(t.get("0, 153").toFloatArray()).containsExactly(t.get("0, 76").toFloatArray());
        }
        // the schedule's own tensors survive the step manager
        assertThat(mc.batch().get(0).get(0).schedule().at(1).getShape().get(0)).isEqualTo(77);
    }

    @Test
    void clipSkipReachesTheEncoder() {
        float[] one = conditioner().learned("cat", ScheduleSpec.of(10)).at(1).toFloatArray();
        float[] two = conditioner(new ChunkSettings(EmphasisMode.ORIGINAL, 20, 2), EmbeddingMatcher.NONE)
                .learned("cat", ScheduleSpec.of(10)).at(1).toFloatArray();
        assertThat(two[0] - one[0]).isCloseTo(1f, within(1e-5f));
    }

    @Test
    void embeddingVectorsReplaceTheirNameTokens() {
        int w = FakeTextEncoder.WIDTH;
        float[] vec = new float[2 * w];
        for (int i = 0; i < vec.length; i++) {
            vec[i] = 100 + i;
        }
        TextualInversion ti = new TextualInversion("my-style", vec, 2, w, "abcdef0123456789", null, null, null, null);
        PromptConditioner c = conditioner(ChunkSettings.DEFAULTS, EmbeddingMatcher.of(tok, List.of(ti)));
        float[] z = c.learned("a my-style cat", ScheduleSpec.of(10)).at(1).toFloatArray();
        // tokens: [start] a <v0> <v1> cat [end]...; vectors at positions 2 and 3
        assertThat(enc.calls.get(0)[2]).isZero();
        assertThat(enc.calls.get(0)[3]).isZero();
        assertThat(enc.calls.get(0)[4]).isEqualTo(2368);
        float[] pos2 = enc.positionRow(2);
        assertThat(z[2 * w]).isCloseTo(100 + pos2[0] + 1, within(1e-3f));
        assertThat(z[3 * w + 1]).isCloseTo(100 + w + 1 + enc.positionRow(3)[1] + 1, within(1e-3f));
        assertThat(c.extraGenerationParams()).containsEntry("TI hashes", "my-style: abcdef012345");
    }

    @Test
    void openClipPadsWithZeroAfterTheFirstEndToken() {
        FakeTextEncoder sd2 = new FakeTextEncoder() {
            @Override
            public int padTokenId() {
                return 0;
            }
        };
        new PromptConditioner(sd2, tok, ChunkSettings.DEFAULTS, EmbeddingMatcher.NONE, manager)
                .learned("a cat", ScheduleSpec.of(10));
        long[] ids = sd2.calls.get(0);
        assertThat(ids[0]).isEqualTo(49406);
        assertThat(ids[3]).isEqualTo(49407);
        assertThat(java.util.Arrays.copyOfRange(ids, 4, 77)).containsOnly(0L);
    }

    @Test
    void emphasisInfotextOnlyForNonDefaultModes() {
        PromptConditioner c = conditioner(new ChunkSettings(EmphasisMode.NO_NORM, 20, 1), EmbeddingMatcher.NONE);
        c.learned("a (cat)", ScheduleSpec.of(10));
        assertThat(c.extraGenerationParams()).containsEntry("Emphasis", "No norm");
        PromptConditioner d = conditioner();
        d.learned("a (cat)", ScheduleSpec.of(10));
        assertThat(d.extraGenerationParams()).isEmpty();
    }
}
