package dev.sdwebui.prompt.parse;

import java.util.regex.Pattern;

/**
 * Prompt comments (setting "Enable comments", {@code enable_prompt_comments}, default on): text from
 * {@code #} to the end of the line is removed from prompts before generation and before token
 * counting.
 *
 * <p>Ref: A1111 modules/processing_scripts/comments.py {@code strip_comments}: first whole-line
 * comments {@code (^|\n)#[^\n]*(\n|$)} then in-line ones {@code #[^\n]*(\n|$)}, each replaced by a
 * newline.
 */
public final class PromptComments {

    private static final Pattern WHOLE_LINE = Pattern.compile("(^|\n)#[^\n]*(\n|$)", Pattern.UNIX_LINES);
    private static final Pattern IN_LINE = Pattern.compile("#[^\n]*(\n|$)", Pattern.UNIX_LINES);

    private PromptComments() {
    }

    public static String strip(String text) {
        if (text == null || text.indexOf('#') < 0) {
            return text == null ? "" : text;
        }
        String s = WHOLE_LINE.matcher(text).replaceAll("\n");
        return IN_LINE.matcher(s).replaceAll("\n");
    }
}
