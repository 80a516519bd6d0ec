package dev.sdwebui.prompt.parse;

import java.util.List;
import java.util.Set;

/**
 * A node of a parsed prompt (A1111's Lark tree for {@code get_learned_conditioning_prompt_schedules}).
 * Each node can collect its switch steps and render its text at a step.
 */
sealed interface ScheduleNode permits ScheduleNode.Text, ScheduleNode.Seq, ScheduleNode.Scheduled,
        ScheduleNode.Alternate {

    /** Adds the steps at which this node's text changes; resolves scheduled step numbers. */
    void collect(StepRule rule, Set<Integer> steps);

    /** Appends this node's text at sampling step {@code step}. */
    void render(int step, StringBuilder out);

    /** Literal text, emitted verbatim (plain text, whitespace, stray brackets, emphasis brackets). */
    record Text(String text) implements ScheduleNode {
        @Override
        public void collect(StepRule rule, Set<Integer> steps) {
        }

        @Override
        public void render(int step, StringBuilder out) {
            out.append(text);
        }
    }

    /** A sequence of nodes (a {@code prompt} in the grammar). */
    record Seq(List<ScheduleNode> items) implements ScheduleNode {
        public Seq {
            items = List.copyOf(items);
        }

        @Override
        public void collect(StepRule rule, Set<Integer> steps) {
            for (ScheduleNode n : items) {
                n.collect(rule, steps);
            }
        }

        @Override
        public void render(int step, StringBuilder out) {
            for (ScheduleNode n : items) {
                n.render(step, out);
            }
        }
    }

    /**
     * {@code [from:to:when]}; {@code before} is null for {@code [to:when]}. {@code when} is resolved by
     * {@link #collect}: A1111 stores the clamped step in the tree during collection.
     */
    final class Scheduled implements ScheduleNode {
        private final Seq before;
        private final Seq after;
        private final String number;
        private int when;

        Scheduled(Seq before, Seq after, String number) {
            this.before = before;
            this.after = after;
            this.number = number;
        }

        @Override
        public void collect(StepRule rule, Set<Integer> steps) {
            if (before != null) {
                before.collect(rule, steps);
            }
            after.collect(rule, steps);
            when = rule.resolve(number);
            if (when >= 1) {
                steps.add(when);
            }
        }

        @Override
        public void render(int step, StringBuilder out) {
            if (step <= when) {
                if (before != null) {
                    before.render(step, out);
                }
            } else {
                after.render(step, out);
            }
        }
    }

    /** {@code [a|b|c]}: option {@code (step-1) mod k} at each step; null options are empty. */
    record Alternate(List<Seq> options) implements ScheduleNode {
        @Override
        public void collect(StepRule rule, Set<Integer> steps) {
            for (Seq s : options) {
                if (s != null) {
                    s.collect(rule, steps);
                }
            }
            for (int i = 1; i <= rule.steps(); i++) {
                steps.add(i);
            }
        }

        @Override
        public void render(int step, StringBuilder out) {
            Seq chosen = options.get(Math.floorMod(step - 1, options.size()));
            if (chosen != null) {
                chosen.render(step, out);
            }
        }
    }
}
