package dev.sdwebui.config.styles;

import java.util.Objects;

/**
 * One row of styles.csv (A1111's {@code PromptStyle}: columns name, prompt, negative_prompt).
 * A prompt containing {@code {prompt}} wraps the user's prompt; otherwise it is appended.
 */
public record PromptStyle(String name, String prompt, String negativePrompt) {

    public PromptStyle {
        Objects.requireNonNull(name, "name");
        prompt = prompt == null ? "" : prompt;
        negativePrompt = negativePrompt == null ? "" : negativePrompt;
    }
}
