package dev.sdwebui.prompt.cond;

/** The token counter's value: {@code tokens} used and the {@code max} before another chunk ("n/max"). */
public record TokenCount(int tokens, int max) {
    public String display() {
        return tokens + "/" + max;
    }
}
