package dev.sdwebui.prompt.cond;

import java.util.Arrays;

/**
 * The {@code emphasis} setting. Ref: A1111 sd_emphasis.py: "Original" multiplies each token's
 * output by its weight then restores the mean of the chunk batch; "No norm" multiplies only;
 * "Ignore" parses weights but does not apply them; "None" does not parse emphasis at all (brackets
 * and BREAK are ordinary text).
 */
public enum EmphasisMode {
    NONE("None"),
    IGNORE("Ignore"),
    ORIGINAL("Original"),
    NO_NORM("No norm");

    private final String label;

    EmphasisMode(String label) {
        this.label = label;
    }

    /** The name used in settings and in the {@code Emphasis:} infotext field. */
    public String label() {
        return label;
    }

    /** By label; unknown names fall back to Original, as A1111's {@code get_current_option}. */
    public static EmphasisMode fromLabel(String label) {
        return Arrays.stream(values()).filter(m -> m.label.equals(label)).findFirst().orElse(ORIGINAL);
    }
}
