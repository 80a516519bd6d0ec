package dev.sdwebui.prompt.style;

/**
 * A saved style (a row of {@code styles.csv}): text added to the prompt and to the negative prompt.
 * {@code {prompt}} in a style text marks where the user's prompt goes.
 * Ref: A1111 styles.py {@code PromptStyle(name, prompt, negative_prompt)}.
 */
public record PromptStyle(String name, String prompt, String negativePrompt) {
    public PromptStyle {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a style needs a name");
        }
        prompt = prompt == null ? "" : prompt;
        negativePrompt = negativePrompt == null ? "" : negativePrompt;
    }
}
