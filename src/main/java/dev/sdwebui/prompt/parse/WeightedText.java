package dev.sdwebui.prompt.parse;

/**
 * A fragment of prompt text with its emphasis multiplier. The BREAK marker is
 * {@code ("BREAK", -1)}, as in A1111. Mutable-free: merging creates new instances.
 */
public record WeightedText(String text, double weight) {

    public static final WeightedText BREAK = new WeightedText("BREAK", -1);

    public WeightedText {
        if (text == null) {
            throw new IllegalArgumentException("text must not be null");
        }
    }

    public boolean isBreak() {
        return weight == -1 && "BREAK".equals(text);
    }
}
