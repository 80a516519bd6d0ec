package dev.sdwebui.prompt.style;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * Applying styles to prompts and recognising them again.
 *
 * <p>Ref: A1111 styles.py (v1.10): {@code merge_prompts} (a style containing {@code {prompt}} has
 * every occurrence replaced by the prompt; otherwise the stripped prompt and style are joined with
 * {@code ", "}, empty parts dropped), {@code apply_styles_to_prompt} (styles in order),
 * {@code extract_style_text_from_prompt}, {@code extract_original_prompts} and
 * {@code StyleDatabase.extract_styles_from_prompt} (repeatedly remove the first matching style;
 * names returned in application order).
 */
public final class Styles {

    private static final String PLACEHOLDER = "{prompt}";

    private Styles() {
    }

    public static String merge(String styleText, String prompt) {
        if (styleText.contains(PLACEHOLDER)) {
            return styleText.replace(PLACEHOLDER, prompt);
        }
        List<String> parts = new ArrayList<>(2);
        for (String p : List.of(prompt.strip(), styleText.strip())) {
            if (!p.isEmpty()) {
                parts.add(p);
            }
        }
        return String.join(", ", parts);
    }

    /** The prompt with {@code styles}' prompt texts applied in order. */
    public static String applyToPrompt(String prompt, List<PromptStyle> styles) {
        String out = prompt;
        for (PromptStyle s : styles) {
            out = merge(s.prompt(), out);
        }
        return out;
    }

    /** The negative prompt with {@code styles}' negative texts applied in order. */
    public static String applyToNegativePrompt(String negativePrompt, List<PromptStyle> styles) {
        String out = negativePrompt;
        for (PromptStyle s : styles) {
            out = merge(s.negativePrompt(), out);
        }
        return out;
    }

    /** The prompt without the style text, or empty when the style is not found in it. */
    public static Optional<String> extractStyleText(String styleText, String prompt) {
        String p = prompt.strip();
        String st = styleText.strip();
        int at = st.indexOf(PLACEHOLDER);
        if (at >= 0) {
            if (st.indexOf(PLACEHOLDER, at + 1) >= 0) {
                return Optional.empty(); // A1111 raises on two placeholders (split into 3 parts)
            }
            String left = st.substring(0, at);
            String right = st.substring(at + PLACEHOLDER.length());
            if (p.startsWith(left) && p.endsWith(right) && p.length() >= left.length() + right.length()) {
                return Optional.of(p.substring(left.length(), p.length() - right.length()));
            }
            return Optional.empty();
        }
        if (p.endsWith(st)) {
            String rest = p.substring(0, p.length() - st.length());
            return Optional.of(rest.endsWith(", ") ? rest.substring(0, rest.length() - 2) : rest);
        }
        return Optional.empty();
    }

    /** Finds which of {@code styles} were applied to the prompts and removes them. */
    public static ExtractedStyles extract(String prompt, String negativePrompt, List<PromptStyle> styles) {
        List<PromptStyle> applicable = new ArrayList<>(styles);
        List<String> found = new ArrayList<>();
        String p = prompt;
        String n = negativePrompt;
        while (true) {
            PromptStyle match = null;
            for (PromptStyle s : applicable) {
                if (s.prompt().isEmpty() && s.negativePrompt().isEmpty()) {
                    continue;
                }
                Optional<String> np = extractStyleText(s.prompt(), p);
                Optional<String> nn = np.isPresent() ? extractStyleText(s.negativePrompt(), n) : Optional.empty();
                if (nn.isPresent()) {
                    match = s;
                    p = np.get();
                    n = nn.get();
                    break;
                }
            }
            if (match == null) {
                break;
            }
            applicable.remove(match);
            found.add(match.name());
        }
        Collections.reverse(found);
        return new ExtractedStyles(found, p, n);
    }
}
