package dev.sdwebui.prompt.cond;

import java.util.List;

/**
 * A prompt as chunks, with A1111's token count (tokens used, counting 75 per closed chunk; the
 * number shown as "n/75" in the UI).
 */
public record TokenizedPrompt(List<PromptChunk> chunks, int tokenCount) {
    public TokenizedPrompt {
        chunks = List.copyOf(chunks);
        if (chunks.isEmpty()) {
            throw new IllegalArgumentException("a tokenized prompt has at least one chunk");
        }
    }
}
