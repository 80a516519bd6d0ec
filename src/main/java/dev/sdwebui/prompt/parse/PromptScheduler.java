package dev.sdwebui.prompt.parse;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Prompt editing {@code [from:to:when]} and alternation {@code [a|b]}: turns one prompt into the
 * list of texts the sampler uses per step.
 *
 * <p>Ref: A1111 prompt_parser.py {@code get_learned_conditioning_prompt_schedules(prompts,
 * base_steps, hires_steps=None, use_old_scheduling=False)}: switch steps are {@code steps} plus every
 * resolved {@code when >= 1} (plus every step when an alternation is present), sorted; the text at
 * each switch step is rendered from the tree. A prompt that does not parse is used verbatim.
 * Never throws on malformed text.
 */
public final class PromptScheduler {

    private PromptScheduler() {
    }

    /** Schedule for the first pass ({@code steps} sampling steps). */
    public static List<ScheduledText> schedule(String prompt, int steps) {
        return schedule(prompt, steps, null, false);
    }

    /**
     * Full form: {@code hiresSteps} non-null for the hires pass (v1.6+ numbering continues after the
     * base steps: {@code [a:b:1.5]} switches halfway through the hires pass); {@code useOldScheduling}
     * selects the pre-1.6 rule (v &lt; 1 fraction, else absolute step).
     */
    public static List<ScheduledText> schedule(String prompt, int baseSteps, Integer hiresSteps,
            boolean useOldScheduling) {
        String text = prompt == null ? "" : prompt;
        StepRule rule = StepRule.of(baseSteps, hiresSteps, useOldScheduling);
        Optional<ScheduleNode.Seq> tree = ScheduleParser.parse(text);
        if (tree.isEmpty()) {
            return List.of(new ScheduledText(rule.steps(), text));
        }
        TreeSet<Integer> steps = new TreeSet<>();
        steps.add(rule.steps());
        tree.get().collect(rule, steps);
        List<ScheduledText> out = new ArrayList<>(steps.size());
        for (int step : steps) {
            StringBuilder b = new StringBuilder();
            tree.get().render(step, b);
            out.add(new ScheduledText(step, b.toString()));
        }
        return List.copyOf(out);
    }

    /** The text in force at sampling step {@code step} (1-based): first entry with step &lt;= end. */
    public static String textAt(List<ScheduledText> schedule, int step) {
        for (ScheduledText t : schedule) {
            if (step <= t.endAtStep()) {
                return t.text();
            }
        }
        return schedule.get(0).text(); // Ref: reconstruct_cond_batch falls back to index 0
    }
}
