package dev.sdwebui.prompt.token;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sdwebui.testsupport.Npy;
import dev.sdwebui.testsupport.SharedReference;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ClipTokenizerTest {

    private static ClipTokenizer tok;

    @BeforeAll
    static void load() {
        tok = new ClipTokenizer(BpeVocabulary.bundled());
    }

    @Test
    void vocabularyHasClipShape() {
        assertThat(tok.vocabulary().size()).isEqualTo(49408);
        assertThat(tok.startId()).isEqualTo(49406);
        assertThat(tok.endId()).isEqualTo(49407);
        assertThat(tok.commaId()).isEqualTo(267);
    }

    @Test
    void sharedMergesFileGivesTheSameVocabularyAsTheBundledOne() throws IOException {
        BpeVocabulary shared = BpeVocabulary.load(SharedReference.clipMerges());
        assertThat(shared.tokens()).isEqualTo(tok.vocabulary().tokens());
    }

    @Test
    void tokensEqualReferenceForEveryCase() throws IOException {
        Path cases = SharedReference.tinyDir().resolve("cases");
        ObjectMapper json = new ObjectMapper();
        int checked = 0;
        try (Stream<Path> dirs = Files.list(cases)) {
            for (Path dir : dirs.filter(d -> Files.isRegularFile(d.resolve("case.json"))).toList()) {
                JsonNode c = json.readTree(dir.resolve("case.json").toFile()).get("case");
                assertThat(tok.encodePadded(c.get("prompt").asText(), 77)).as(dir + " cond")
                        .containsExactly(Npy.read(dir.resolve("tokens_cond.npy")).longs());
                assertThat(tok.encodePadded(c.get("negative_prompt").asText(), 77)).as(dir + " uncond")
                        .containsExactly(Npy.read(dir.resolve("tokens_uncond.npy")).longs());
                checked++;
            }
        }
        assertThat(checked).isGreaterThanOrEqualTo(11);
    }

    @Test
    void huggingFaceLayoutFolderIsUsedWhenPresent(@org.junit.jupiter.api.io.TempDir Path models) throws IOException {
        assertThat(BpeVocabulary.forModelsDir(models).size()).isEqualTo(49408); // bundled fallback
        Path dir = Files.createDirectories(models.resolve(BpeVocabulary.MODELS_SUBDIR));
        // a tiny HF-layout tokenizer: "c a t</w>" merges to "cat</w>"
        Files.writeString(dir.resolve("vocab.json"), "{\"c\":0,\"a\":1,\"t</w>\":2,\"ca\":3,\"cat</w>\":4,"
                + "\"<|startoftext|>\":5,\"<|endoftext|>\":6}");
        Files.writeString(dir.resolve("merges.txt"), "#version: 0.2\nc a\nca t</w>\n");
        ClipTokenizer small = new ClipTokenizer(BpeVocabulary.forModelsDir(models));
        assertThat(small.encode("CAT")).containsExactly(4);
        assertThat(small.encodePadded("cat", 4)).containsExactly(5, 4, 6, 6);
    }

    @Test
    void knownIds() {
        // ids from the CLIP vocabulary: "a</w>"=320, "photo</w>"=1125, "of</w>"=539, "cat</w>"=2368
        assertThat(tok.encode("a photo of a cat")).containsExactly(320, 1125, 539, 320, 2368);
        assertThat(tok.encode("  A   PHOTO\n")).containsExactly(320, 1125);
        assertThat(tok.encode("")).isEmpty();
        assertThat(tok.encode(",")).containsExactly(267);
    }

    @Test
    void unicodeAndPunctuationDoNotThrow() {
        assertThat(tok.encode("café ☕ 東京 (x:1.2) <lora:a:1> it's")).isNotEmpty();
        assertThat(tok.encode("\u0000\u0007")).isEmpty();
        // unicode whitespace collapses like Python's \s; curly quotes and full-width letters are folded (ftfy)
        assertThat(tok.encode("a\u00a0\u3000photo")).containsExactly(tok.encode("a photo"));
        assertThat(tok.encode("\u201cit\u2019s\u201d")).containsExactly(tok.encode("\"it's\""));
        assertThat(tok.encode("\uff43\uff41\uff54")).containsExactly(tok.encode("cat"));
    }
}
