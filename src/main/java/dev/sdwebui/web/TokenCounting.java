package dev.sdwebui.web;

import dev.sdwebui.config.SpringProperties;
import dev.sdwebui.config.settings.A1111Settings;
import dev.sdwebui.config.settings.SettingsStore;
import dev.sdwebui.prompt.cond.ChunkSettings;
import dev.sdwebui.prompt.cond.EmbeddingMatcher;
import dev.sdwebui.prompt.cond.EmphasisMode;
import dev.sdwebui.prompt.cond.TokenCount;
import dev.sdwebui.prompt.cond.TokenCounter;
import dev.sdwebui.prompt.token.BpeVocabulary;
import dev.sdwebui.prompt.token.ClipTokenizer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * The prompt boxes' live "n/75" counters (A1111 ui.py update_token_counter): the pipeline's tokenizer
 * bean when there is one, else the bundled CLIP vocabulary, built on first use. Textual-inversion
 * names are counted as ordinary words here.
 */
@Component
@ConditionalOnProperty(name = SpringProperties.WEBUI_ENABLED, havingValue = "true")
class TokenCounting {

    private final ObjectProvider<ClipTokenizer> tokenizerBean;
    private final SettingsStore settings;
    private ClipTokenizer tokenizer;

    TokenCounting(ObjectProvider<ClipTokenizer> tokenizerBean, SettingsStore settings) {
        this.tokenizerBean = tokenizerBean;
        this.settings = settings;
    }

    TokenCount count(String prompt, int steps, boolean positive) {
        ChunkSettings chunk = new ChunkSettings(EmphasisMode.fromLabel(settings.get(A1111Settings.EMPHASIS)),
                settings.get(A1111Settings.COMMA_PADDING_BACKTRACK),
                Math.max(1, settings.get(A1111Settings.CLIP_STOP_AT_LAST_LAYERS)));
        return new TokenCounter(tokenizer(), chunk, EmbeddingMatcher.NONE, true).count(prompt, steps, positive);
    }

    private synchronized ClipTokenizer tokenizer() {
        if (tokenizer == null) {
            ClipTokenizer bean = tokenizerBean.getIfAvailable();
            tokenizer = bean != null ? bean : new ClipTokenizer(BpeVocabulary.bundled());
        }
        return tokenizer;
    }
}
