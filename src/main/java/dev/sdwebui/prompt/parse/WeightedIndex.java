package dev.sdwebui.prompt.parse;

/** An AND sub-prompt reference: index into the flat prompt list and its composable weight. */
public record WeightedIndex(int index, double weight) {
    public WeightedIndex {
        if (index < 0) {
            throw new IllegalArgumentException("index must be >= 0");
        }
    }
}
