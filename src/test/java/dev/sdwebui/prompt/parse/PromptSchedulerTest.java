package dev.sdwebui.prompt.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A1111 prompt_parser.py docstring of get_learned_conditioning_prompt_schedules, as a table. */
class PromptSchedulerTest {

    private static List<ScheduledText> g(String p) {
        return PromptScheduler.schedule(p, 10);
    }

    private static ScheduledText t(int step, String text) {
        return new ScheduledText(step, text);
    }

    @Test
    void docstringExamples() {
        assertThat(g("test")).containsExactly(t(10, "test"));
        assertThat(g("a [b:3]")).containsExactly(t(3, "a "), t(10, "a b"));
        assertThat(g("a [b: 3]")).containsExactly(t(3, "a "), t(10, "a b"));
        assertThat(g("a [[[b]]:2]")).containsExactly(t(2, "a "), t(10, "a [[b]]"));
        assertThat(g("[(a:2):3]")).containsExactly(t(3, ""), t(10, "(a:2)"));
        assertThat(g("a [b : c : 1] d")).containsExactly(t(1, "a b  d"), t(10, "a  c  d"));
        assertThat(g("a[b:[c:d:2]:1]e")).containsExactly(t(1, "abe"), t(2, "ace"), t(10, "ade"));
        assertThat(g("a [unbalanced")).containsExactly(t(10, "a [unbalanced"));
        assertThat(g("a [b:.5] c")).containsExactly(t(5, "a  c"), t(10, "a b c"));
        assertThat(g("((a][:b:c [d:3]")).containsExactly(t(3, "((a][:b:c "), t(10, "((a][:b:c d"));
        assertThat(g("[a|(b:1.1)]")).containsExactly(t(1, "a"), t(2, "(b:1.1)"), t(3, "a"), t(4, "(b:1.1)"),
                t(5, "a"), t(6, "(b:1.1)"), t(7, "a"), t(8, "(b:1.1)"), t(9, "a"), t(10, "(b:1.1)"));
        assertThat(g("[fe|]male")).containsExactly(t(1, "female"), t(2, "male"), t(3, "female"), t(4, "male"),
                t(5, "female"), t(6, "male"), t(7, "female"), t(8, "male"), t(9, "female"), t(10, "male"));
        assertThat(g("[fe|||]male")).containsExactly(t(1, "female"), t(2, "male"), t(3, "male"), t(4, "male"),
                t(5, "female"), t(6, "male"), t(7, "male"), t(8, "male"), t(9, "female"), t(10, "male"));
    }

    @Test
    void docstringHiresExamples() {
        assertThat(PromptScheduler.schedule("a [b:.5] c", 10, 10, false)).containsExactly(t(10, "a b c"));
        assertThat(PromptScheduler.schedule("a [b:1.5] c", 10, 10, false)).containsExactly(t(5, "a  c"), t(10, "a b c"));
    }

    @Test
    void docstringCaseMarkedNotHandledFailsToParseAsLarkDoes() {
        // The docstring shows [[5,'a  c'],[10,'a {b|d{ c']] with the comment "not handling this right
        // now"; A1111's Lark grammar (lark 1.1.5) rejects the bare '|' and returns the prompt verbatim.
        assertThat(g("a [{b|d{:.5] c")).containsExactly(t(10, "a [{b|d{:.5] c"));
    }

    @Test
    void fileHeaderExample() {
        String p = "fantasy landscape with a [mountain:lake:0.25] and [an oak:a christmas tree:0.75]"
                + "[ in foreground::0.6][ in background:0.25] [shoddy:masterful:0.5]";
        assertThat(PromptScheduler.schedule(p, 100)).containsExactly(
                t(25, "fantasy landscape with a mountain and an oak in foreground shoddy"),
                t(50, "fantasy landscape with a lake and an oak in foreground in background shoddy"),
                t(60, "fantasy landscape with a lake and an oak in foreground in background masterful"),
                t(75, "fantasy landscape with a lake and an oak in background masterful"),
                t(100, "fantasy landscape with a lake and a christmas tree in background masterful"));
    }

    @Test
    void fractionVersusStepNumber() {
        assertThat(g("[a:b:0.5]")).containsExactly(t(5, "a"), t(10, "b"));
        assertThat(g("[a:b:5]")).containsExactly(t(5, "a"), t(10, "b"));
        assertThat(PromptScheduler.schedule("[a:b:5]", 20)).containsExactly(t(5, "a"), t(20, "b"));
        assertThat(PromptScheduler.schedule("[a:b:0.5]", 20)).containsExactly(t(10, "a"), t(20, "b"));
        // v1.6+: "1.0" contains a dot so it is a fraction (the whole run), "1" is step 1
        assertThat(g("[a:b:1.0]")).containsExactly(t(10, "a"));
        assertThat(g("[a:b:1]")).containsExactly(t(1, "a"), t(10, "b"));
    }

    @Test
    void catDogSwitchesAfterStepFourOfEight() {
        List<ScheduledText> s = PromptScheduler.schedule("[cat:dog:0.5]", 8);
        for (int step = 1; step <= 8; step++) {
            assertThat(PromptScheduler.textAt(s, step)).isEqualTo(step <= 4 ? "cat" : "dog");
        }
    }

    @Test
    void constructFollowedByStrayBracketIsAlwaysAConstruct() {
        // A1111 decides this tie by Python's hash seed (differs between runs); we are deterministic
        assertThat(g("[a:b:3])")).containsExactly(t(3, "a)"), t(10, "b)"));
        assertThat(g("x [a:b:3]:]")).containsExactly(t(3, "x a:]"), t(10, "x b:]"));
    }

    @Test
    void malformedNeverThrows() {
        for (String p : List.of("[", "]", "(", ")", "[a:", "[a:b:", "a | b", "\\", "[[[[", "(((:", "[a|b", "::]]",
                "[a:b:1e999]", "[a:b:-1e999]", "[a:b:99999999999999999999]")) {
            assertThat(g(p)).isNotEmpty();
        }
    }
}
