package dev.sdwebui.api;

import dev.sdwebui.config.settings.A1111Settings;
import dev.sdwebui.config.settings.SettingsStore;
import dev.sdwebui.model.embedding.EmbeddingDatabase;
import dev.sdwebui.prompt.cond.ChunkSettings;
import dev.sdwebui.prompt.cond.EmbeddingMatcher;
import dev.sdwebui.prompt.cond.EmphasisMode;
import dev.sdwebui.prompt.cond.TokenCount;
import dev.sdwebui.prompt.cond.TokenCounter;
import dev.sdwebui.prompt.token.ClipTokenizer;
import io.swagger.v3.oas.annotations.Operation;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The prompt box's live "n/75" counter for the UI (A1111 does this through a Gradio event:
 * ui.py {@code update_token_counter}). Mounted always (the UI needs it without --api); under
 * /internal, so the UI login protects it.
 */
@RestController
class TokenCountController {

    private final ClipTokenizer tokenizer;
    private final EmbeddingDatabase embeddings;
    private final SettingsStore settings;

    TokenCountController(ClipTokenizer tokenizer, EmbeddingDatabase embeddings, SettingsStore settings) {
        this.tokenizer = tokenizer;
        this.embeddings = embeddings;
        this.settings = settings;
    }

    /**
     * @param text     the prompt
     * @param steps    sampling steps (prompt schedules are counted at every switch), default 20
     * @param negative true for the negative prompt box (no AND splitting)
     */
    record TokenCountRequest(String text, Integer steps, Boolean negative) {
    }

    @Operation(summary = "Count prompt tokens", description = "{tokens, max}: CLIP tokens of the longest schedule"
            + " variant, and the chunk capacity (75, 150...).")
    @PostMapping("/internal/tokens")
    Map<String, Object> count(@RequestBody TokenCountRequest body) {
        return count(body.text(), body.steps(), body.negative());
    }

    @Operation(summary = "Count prompt tokens (GET)", description = "As the POST, with query parameters: no CSRF token needed.")
    @GetMapping("/internal/tokens")
    Map<String, Object> count(@RequestParam(defaultValue = "") String text, @RequestParam(required = false) Integer steps,
                              @RequestParam(required = false) Boolean negative) {
        ChunkSettings chunk = new ChunkSettings(EmphasisMode.fromLabel(settings.get(A1111Settings.EMPHASIS)),
                settings.get(A1111Settings.COMMA_PADDING_BACKTRACK),
                Math.max(1, settings.get(A1111Settings.CLIP_STOP_AT_LAST_LAYERS)));
        boolean comments = !Boolean.FALSE.equals(settings.get("enable_prompt_comments"));
        TokenCounter counter = new TokenCounter(tokenizer, chunk,
                EmbeddingMatcher.of(tokenizer, embeddings.loaded().values()), comments);
        TokenCount c = counter.count(text, steps == null ? 20 : steps, !Boolean.TRUE.equals(negative));
        return Map.of("tokens", c.tokens(), "max", c.max());
    }
}
