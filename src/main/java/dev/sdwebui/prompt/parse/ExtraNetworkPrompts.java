package dev.sdwebui.prompt.parse;

import java.util.List;
import java.util.Map;

/** Batch form of {@link ExtraNetworkPrompt}: stripped prompts and the first prompt's network data. */
public record ExtraNetworkPrompts(List<String> prompts, Map<String, List<ExtraNetworkParams>> networks) {
    public ExtraNetworkPrompts {
        prompts = List.copyOf(prompts);
        networks = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(networks));
    }
}
