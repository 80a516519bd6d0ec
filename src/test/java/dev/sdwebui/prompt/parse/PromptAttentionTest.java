package dev.sdwebui.prompt.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A1111 prompt_parser.py docstring of parse_prompt_attention, plus edge cases. */
class PromptAttentionTest {

    private static WeightedText w(String t, double weight) {
        return new WeightedText(t, weight);
    }

    @Test
    void docstringExamples() {
        assertThat(PromptAttention.parse("normal text")).containsExactly(w("normal text", 1.0));
        assertThat(PromptAttention.parse("an (important) word"))
                .containsExactly(w("an ", 1.0), w("important", 1.1), w(" word", 1.0));
        assertThat(PromptAttention.parse("(unbalanced")).containsExactly(w("unbalanced", 1.1));
        assertThat(PromptAttention.parse("\\(literal\\]")).containsExactly(w("(literal]", 1.0));
        assertThat(PromptAttention.parse("(unnecessary)(parens)")).containsExactly(w("unnecessaryparens", 1.1));
        assertThat(PromptAttention.parse("a (((house:1.3)) [on] a (hill:0.5), sun, (((sky))).")).containsExactly(
                w("a ", 1.0), w("house", 1.5730000000000004), w(" ", 1.1), w("on", 1.0), w(" a ", 1.1),
                w("hill", 0.55), w(", sun, ", 1.1), w("sky", 1.4641000000000006), w(".", 1.1));
    }

    @Test
    void breakAndWeights() {
        assertThat(PromptAttention.parse("a BREAK b")).containsExactly(w("a", 1), WeightedText.BREAK, w("b", 1));
        assertThat(PromptAttention.parse("a BREAK b").get(1).isBreak()).isTrue();
        assertThat(PromptAttention.parse("(word:1.0)")).isEqualTo(PromptAttention.parse("word"));
        assertThat(PromptAttention.parse("[[a]]").get(0).weight()).isEqualTo(1 / 1.1 / 1.1);
        assertThat(PromptAttention.parse("")).containsExactly(w("", 1.0));
    }

    @Test
    void malformedWeightIsTextNotAnError() {
        List<WeightedText> r = PromptAttention.parse("(a:1.2.3)");
        assertThat(r).isNotEmpty();
        assertThat(String.join("", r.stream().map(WeightedText::text).toList())).contains("a");
    }
}
