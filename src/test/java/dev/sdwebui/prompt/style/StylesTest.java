package dev.sdwebui.prompt.style;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StylesTest {

    private static final PromptStyle MASTER = new PromptStyle("master", "masterpiece, {prompt}", "lowres");
    private static final PromptStyle ART = new PromptStyle("art", "art by greg", "");
    private static final PromptStyle NEG = new PromptStyle("neg", "", "blurry");

    @Test
    void mergeRules() {
        assertThat(Styles.merge("masterpiece, {prompt}", "a cat")).isEqualTo("masterpiece, a cat");
        assertThat(Styles.merge("{prompt} and {prompt}", "x")).isEqualTo("x and x");
        assertThat(Styles.merge(" art by greg ", " a cat ")).isEqualTo("a cat, art by greg");
        assertThat(Styles.merge("art", "")).isEqualTo("art");
        assertThat(Styles.merge("", "a cat ")).isEqualTo("a cat");
    }

    @Test
    void applyInOrder() {
        assertThat(Styles.applyToPrompt("a cat", List.of(ART, MASTER))).isEqualTo("masterpiece, a cat, art by greg");
        assertThat(Styles.applyToNegativePrompt("ugly", List.of(MASTER, NEG))).isEqualTo("ugly, lowres, blurry");
    }

    @Test
    void docstringExamplesOfExtractStyleText() {
        // Ref: A1111 styles.py extract_style_text_from_prompt docstring
        assertThat(Styles.extractStyleText("masterpiece", "1girl, art by greg, masterpiece"))
                .isEqualTo(Optional.of("1girl, art by greg"));
        assertThat(Styles.extractStyleText("masterpiece, {prompt}", "masterpiece, 1girl, art by greg"))
                .isEqualTo(Optional.of("1girl, art by greg"));
        assertThat(Styles.extractStyleText("masterpiece, {prompt}", "exquisite, 1girl, art by greg")).isEmpty();
        assertThat(Styles.extractStyleText("{prompt} {prompt}", "x x")).isEmpty();
    }

    @Test
    void roundTrip() {
        List<PromptStyle> all = List.of(MASTER, ART, NEG);
        List<PromptStyle> applied = List.of(ART, MASTER, NEG);
        String p = Styles.applyToPrompt("a cat", applied);
        String n = Styles.applyToNegativePrompt("ugly", applied);
        ExtractedStyles e = Styles.extract(p, n, all);
        // A1111's greedy extraction finds art, then neg, then master (returned reversed); that order
        // re-applies to the very same texts, which is what the round trip needs
        assertThat(e.styles()).containsExactly("master", "neg", "art");
        assertThat(e.prompt()).isEqualTo("a cat");
        assertThat(e.negativePrompt()).isEqualTo("ugly");
        List<PromptStyle> again = e.styles().stream().map(name -> all.stream()
                .filter(s -> s.name().equals(name)).findFirst().orElseThrow()).toList();
        assertThat(Styles.applyToPrompt(e.prompt(), again)).isEqualTo(p);
        assertThat(Styles.applyToNegativePrompt(e.negativePrompt(), again)).isEqualTo(n);
    }

    @Test
    void noStyleFound() {
        ExtractedStyles e = Styles.extract("a dog", "", List.of(MASTER, ART));
        assertThat(e.styles()).isEmpty();
        assertThat(e.prompt()).isEqualTo("a dog");
    }
}
