package dev.sdwebui.prompt.style;

import java.util.List;

/** Result of extracting styles: the style names found (in application order) and the remaining prompts. */
public record ExtractedStyles(List<String> styles, String prompt, String negativePrompt) {
    public ExtractedStyles {
        styles = List.copyOf(styles);
    }
}
