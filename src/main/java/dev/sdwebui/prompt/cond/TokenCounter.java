package dev.sdwebui.prompt.cond;

import dev.sdwebui.prompt.parse.ExtraNetworks;
import dev.sdwebui.prompt.parse.MultiCond;
import dev.sdwebui.prompt.parse.PromptComments;
import dev.sdwebui.prompt.parse.PromptScheduler;
import dev.sdwebui.prompt.parse.ScheduledText;
import dev.sdwebui.prompt.token.ClipTokenizer;
import java.util.ArrayList;
import java.util.List;

/**
 * The live "n/75" counter of a prompt box.
 *
 * <p>Ref: A1111 ui.py {@code update_token_counter} + sd_hijack {@code get_prompt_lengths}: comments
 * stripped (when enabled), extra-network tags removed, the positive prompt AND-split, every schedule
 * text tokenized; the text with the most tokens wins; max = {@code ceil(n/75)*75}.
 */
public final class TokenCounter {

    private final PromptChunker chunker;
    private final boolean stripComments;

    public TokenCounter(ClipTokenizer tokenizer, ChunkSettings settings, EmbeddingMatcher embeddings,
            boolean stripComments) {
        this.chunker = new PromptChunker(tokenizer, settings, embeddings);
        this.stripComments = stripComments;
    }

    public TokenCount count(String prompt, int steps, boolean positive) {
        String text = prompt == null ? "" : prompt;
        if (stripComments) {
            text = PromptComments.strip(text);
        }
        text = ExtraNetworks.parse(text).prompt();
        List<String> flat = positive ? MultiCond.split(List.of(text)).flat() : List.of(text);
        List<String> texts = new ArrayList<>();
        for (String p : flat) {
            for (ScheduledText t : PromptScheduler.schedule(p, Math.max(1, steps))) {
                texts.add(t.text());
            }
        }
        int best = 0;
        for (String t : texts) {
            best = Math.max(best, chunker.tokenize(t).tokenCount());
        }
        return new TokenCount(best, PromptChunker.targetTokenCount(best));
    }
}
