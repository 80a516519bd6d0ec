package dev.sdwebui.model.merge;

import java.util.Arrays;
import java.util.Optional;

/** A1111's "Interpolation Method" radio (modules/ui_checkpoint_merger.py), with the models each needs. */
public enum MergeMethod {
    NO_INTERPOLATION("No interpolation", false, false),
    WEIGHTED_SUM("Weighted sum", true, false),
    ADD_DIFFERENCE("Add difference", true, true);

    private final String label;
    private final boolean needsSecondary;
    private final boolean needsTertiary;

    MergeMethod(String label, boolean needsSecondary, boolean needsTertiary) {
        this.label = label;
        this.needsSecondary = needsSecondary;
        this.needsTertiary = needsTertiary;
    }

    /** The UI/API name, e.g. "Weighted sum". */
    public String label() {
        return label;
    }

    public boolean needsSecondary() {
        return needsSecondary;
    }

    public boolean needsTertiary() {
        return needsTertiary;
    }

    public static Optional<MergeMethod> fromLabel(String label) {
        return Arrays.stream(values()).filter(m -> m.label.equals(label)).findFirst();
    }
}
