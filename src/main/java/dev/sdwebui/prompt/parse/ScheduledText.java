package dev.sdwebui.prompt.parse;

/**
 * One entry of a prompt schedule: {@code text} is used for sampling steps up to and including
 * {@code endAtStep} (1-based). Ref: A1111 prompt_parser.py {@code [end_at_step, text]} pairs.
 */
public record ScheduledText(int endAtStep, String text) {
    public ScheduledText {
        if (text == null) {
            throw new IllegalArgumentException("text must not be null");
        }
    }
}
