package dev.sdwebui.prompt.cond;

import dev.sdwebui.prompt.parse.PromptAttention;
import dev.sdwebui.prompt.parse.WeightedText;
import dev.sdwebui.prompt.token.ClipTokenizer;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits one prompt text into 77-token chunks with per-token emphasis multipliers.
 *
 * <p>Ref: A1111 sd_hijack_clip.py {@code FrozenCLIPEmbedderWithCustomWordsBase.tokenize_line}: each
 * emphasis fragment is tokenized separately; a chunk holds 75 tokens; when a chunk is full and the
 * current token is not a comma, the tokens after a comma within {@code comma_padding_backtrack}
 * tokens move to the next chunk; BREAK closes the chunk; an embedding that does not fit starts a new
 * chunk; each chunk is wrapped as {@code [start] + tokens + end padding + [end]}.
 */
public final class PromptChunker {

    public static final int CHUNK_LENGTH = 75;
    public static final int CHUNK_TOKENS = CHUNK_LENGTH + 2;

    private final ClipTokenizer tokenizer;
    private final ChunkSettings settings;
    private final EmbeddingMatcher embeddings;

    public PromptChunker(ClipTokenizer tokenizer, ChunkSettings settings, EmbeddingMatcher embeddings) {
        this.tokenizer = tokenizer;
        this.settings = settings;
        this.embeddings = embeddings;
    }

    /** Tokens available before one more chunk is needed: {@code ceil(max(n,1)/75)*75}. */
    public static int targetTokenCount(int tokenCount) {
        return (int) Math.ceil(Math.max(tokenCount, 1) / (double) CHUNK_LENGTH) * CHUNK_LENGTH;
    }

    public TokenizedPrompt tokenize(String line) {
        List<WeightedText> parsed = settings.emphasis() == EmphasisMode.NONE
                ? List.of(new WeightedText(line, 1.0)) : PromptAttention.parse(line);
        Builder b = new Builder();
        for (WeightedText part : parsed) {
            if (part.isBreak()) {
                b.nextChunk(false);
                continue;
            }
            b.addFragment(tokenizer.encode(part.text()), (float) part.weight());
        }
        if (!b.current.tokens.isEmpty() || b.chunks.isEmpty()) {
            b.nextChunk(true);
        }
        return new TokenizedPrompt(b.chunks, b.tokenCount);
    }

    /** Mutable state of one tokenize call (A1111's closure variables). */
    private final class Builder {
        private final List<PromptChunk> chunks = new ArrayList<>();
        private Partial current = new Partial();
        private int tokenCount;
        private int lastComma = -1;

        void addFragment(int[] tokens, float weight) {
            int position = 0;
            while (position < tokens.length) {
                int token = tokens[position];
                if (token == tokenizer.commaId()) {
                    lastComma = current.tokens.size();
                } else if (shouldBacktrack()) {
                    int breakAt = lastComma + 1;
                    Partial moved = current.tail(breakAt);
                    current.truncate(breakAt);
                    nextChunk(false);
                    current = moved;
                }
                if (current.tokens.size() == CHUNK_LENGTH) {
                    nextChunk(false);
                }
                EmbeddingMatcher.Match match = embeddings.find(tokens, position);
                if (match == null) {
                    current.add(token, weight);
                    position++;
                    continue;
                }
                int embLen = match.embedding().vectorCount();
                if (current.tokens.size() + embLen > CHUNK_LENGTH) {
                    nextChunk(false);
                }
                current.fixes.add(new EmbeddingFix(current.tokens.size() + 1, match.embedding()));
                for (int i = 0; i < embLen; i++) {
                    current.add(0, weight);
                }
                position += match.length();
            }
        }

        private boolean shouldBacktrack() {
            int backtrack = settings.commaPaddingBacktrack();
            return backtrack != 0 && current.tokens.size() == CHUNK_LENGTH && lastComma != -1
                    && current.tokens.size() - lastComma <= backtrack;
        }

        void nextChunk(boolean isLast) {
            tokenCount += isLast ? current.tokens.size() : CHUNK_LENGTH;
            chunks.add(current.wrap(tokenizer.startId(), tokenizer.endId()));
            lastComma = -1;
            current = new Partial();
        }
    }
}
