package dev.sdwebui.prompt.cond;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sdwebui.prompt.token.BpeVocabulary;
import dev.sdwebui.prompt.token.ClipTokenizer;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Chunk boundaries of A1111's tokenize_line. "cat" = id 2368, "dog" = 1929, "," = 267: one token each,
 * so boundaries can be worked out by hand from the algorithm.
 */
class PromptChunkerTest {

    private static final int CAT = 2368;
    private static final int DOG = 1929;
    private static final int COMMA = 267;
    private static ClipTokenizer tok;

    @BeforeAll
    static void load() {
        tok = new ClipTokenizer(BpeVocabulary.bundled());
    }

    private static TokenizedPrompt chunk(String prompt, ChunkSettings s) {
        return new PromptChunker(tok, s, EmbeddingMatcher.NONE).tokenize(prompt);
    }

    private static String repeat(String w, int n) {
        return String.join(" ", java.util.Collections.nCopies(n, w));
    }

    /** Prompt tokens of a chunk (without start, end and padding). */
    private static int[] body(PromptChunk c) {
        int[] t = c.tokens();
        int end = 1;
        while (end < 76 && t[end] != 49407) {
            end++;
        }
        return Arrays.copyOfRange(t, 1, end);
    }

    @Test
    void idsUsedByTheTables() {
        assertThat(tok.encode("cat dog ,")).containsExactly(CAT, DOG, COMMA);
    }

    @Test
    void twoHundredTokensGiveThreeChunks() {
        // table: prompt -> (chunk body lengths, token count, max)
        TokenizedPrompt t = chunk(repeat("cat", 200), ChunkSettings.DEFAULTS);
        assertThat(t.chunks()).extracting(c -> body(c).length).containsExactly(75, 75, 50);
        assertThat(t.tokenCount()).isEqualTo(200);
        assertThat(PromptChunker.targetTokenCount(t.tokenCount())).isEqualTo(225);
        for (PromptChunk c : t.chunks()) {
            assertThat(c.tokens()[0]).isEqualTo(49406);
            assertThat(c.tokens()[76]).isEqualTo(49407);
        }
    }

    @Test
    void commaBacktrackMovesTextAfterTheLastCommaToTheNextChunk() {
        // 70 cats, a comma at index 70, then 10 dogs: when the chunk is full (4 dogs in) the dogs move.
        String p = repeat("cat", 70) + ", " + repeat("dog", 10);
        TokenizedPrompt t = chunk(p, ChunkSettings.DEFAULTS);
        assertThat(t.chunks()).hasSize(2);
        assertThat(body(t.chunks().get(0))).hasSize(71).endsWith(COMMA);
        assertThat(body(t.chunks().get(1))).hasSize(10).containsOnly(DOG);
        assertThat(t.tokenCount()).isEqualTo(85);
        // backtrack disabled: a hard cut at 75
        TokenizedPrompt hard = chunk(p, new ChunkSettings(EmphasisMode.ORIGINAL, 0, 1));
        assertThat(hard.chunks()).extracting(c -> body(c).length).containsExactly(75, 6);
        assertThat(hard.tokenCount()).isEqualTo(81);
        // comma too far back (window 3 < 5): hard cut as well
        TokenizedPrompt far = chunk(p, new ChunkSettings(EmphasisMode.ORIGINAL, 3, 1));
        assertThat(far.chunks()).extracting(c -> body(c).length).containsExactly(75, 6);
    }

    @Test
    void breakPadsTheChunk() {
        TokenizedPrompt t = chunk("cat BREAK dog", ChunkSettings.DEFAULTS);
        assertThat(t.chunks()).hasSize(2);
        assertThat(body(t.chunks().get(0))).containsExactly(CAT);
        assertThat(body(t.chunks().get(1))).containsExactly(DOG);
        assertThat(t.tokenCount()).isEqualTo(76); // 75 for the closed chunk + 1
        // emphasis None: BREAK is a word
        assertThat(chunk("cat BREAK dog", new ChunkSettings(EmphasisMode.NONE, 20, 1)).chunks()).hasSize(1);
    }

    @Test
    void weightsFollowTokens() {
        TokenizedPrompt t = chunk("cat (dog:1.5) [cat]", ChunkSettings.DEFAULTS);
        float[] m = t.chunks().get(0).multipliers();
        assertThat(body(t.chunks().get(0))).containsExactly(CAT, DOG, CAT);
        assertThat(m[0]).isEqualTo(1f);
        assertThat(m[1]).isEqualTo(1f);
        assertThat(m[2]).isEqualTo(1.5f);
        assertThat(m[3]).isEqualTo((float) (1 / 1.1));
        assertThat(m[4]).isEqualTo(1f);
    }

    @Test
    void neutralWeightIsIdenticalToPlainText() {
        TokenizedPrompt a = chunk("(word:1.0)", ChunkSettings.DEFAULTS);
        TokenizedPrompt b = chunk("word", ChunkSettings.DEFAULTS);
        assertThat(a.chunks().get(0).tokens()).containsExactly(b.chunks().get(0).tokens());
        assertThat(a.chunks().get(0).multipliers()).containsExactly(b.chunks().get(0).multipliers());
    }

    @Test
    void emptyPromptIsOneEmptyChunk() {
        TokenizedPrompt t = chunk("", ChunkSettings.DEFAULTS);
        assertThat(t.chunks()).hasSize(1);
        assertThat(t.tokenCount()).isZero();
        assertThat(PromptChunker.targetTokenCount(0)).isEqualTo(75);
    }

    @Test
    void tokenCounter() {
        TokenCounter counter = new TokenCounter(tok, ChunkSettings.DEFAULTS, EmbeddingMatcher.NONE, true);
        assertThat(counter.count("a photo of a cat", 20, true).display()).isEqualTo("5/75");
        assertThat(counter.count(repeat("cat", 80), 20, true).display()).isEqualTo("80/150");
        // the longest schedule text and the longest AND part count; tags and comments do not
        assertThat(counter.count("[cat:cat cat cat:5] AND dog <lora:x:1> # a b c d", 20, true).display())
                .isEqualTo("3/75");
        assertThat(counter.count("dog AND cat cat", 20, false).display()).isEqualTo("4/75");
        assertThat(counter.count(List.of("x").get(0), 0, true).tokens()).isEqualTo(1);
    }
}
