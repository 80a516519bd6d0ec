package dev.sdwebui.prompt.parse;

import java.util.List;
import java.util.Map;

/** A prompt with its {@code <name:args>} tags removed, and the tags grouped by network name (in order). */
public record ExtraNetworkPrompt(String prompt, Map<String, List<ExtraNetworkParams>> networks) {
    public ExtraNetworkPrompt {
        networks = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(networks));
    }
}
