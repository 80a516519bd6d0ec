package dev.sdwebui.prompt.cond;

import dev.sdwebui.model.embedding.TextualInversion;
import dev.sdwebui.prompt.token.ClipTokenizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds textual-inversion embeddings in a token sequence by the token ids of their names.
 *
 * <p>Ref: A1111 textual_inversion.py {@code register_embedding_by_name} (lookup by first token id,
 * candidates sorted longest first) and {@code find_embedding_at_position}.
 */
public final class EmbeddingMatcher {

    /** A match: the embedding and how many prompt tokens its name covers. */
    public record Match(TextualInversion embedding, int length) {
    }

    private record Entry(int[] ids, TextualInversion embedding) {
    }

    public static final EmbeddingMatcher NONE = new EmbeddingMatcher(Map.of());

    private final Map<Integer, List<Entry>> byFirstId;

    private EmbeddingMatcher(Map<Integer, List<Entry>> byFirstId) {
        this.byFirstId = byFirstId;
    }

    public static EmbeddingMatcher of(ClipTokenizer tokenizer, Collection<TextualInversion> embeddings) {
        Map<Integer, List<Entry>> map = new HashMap<>();
        for (TextualInversion e : embeddings) {
            int[] ids = tokenizer.encode(e.name());
            if (ids.length > 0) {
                map.computeIfAbsent(ids[0], k -> new ArrayList<>()).add(new Entry(ids, e));
            }
        }
        for (List<Entry> l : map.values()) {
            l.sort(Comparator.comparingInt((Entry x) -> x.ids().length).reversed()); // stable, longest first
        }
        return new EmbeddingMatcher(map);
    }

    /** The embedding whose name's tokens start at {@code tokens[offset]}, or null. */
    public Match find(int[] tokens, int offset) {
        List<Entry> candidates = byFirstId.get(tokens[offset]);
        if (candidates == null) {
            return null;
        }
        for (Entry c : candidates) {
            int end = offset + c.ids().length;
            if (end <= tokens.length && Arrays.equals(tokens, offset, end, c.ids(), 0, c.ids().length)) {
                return new Match(c.embedding(), c.ids().length);
            }
        }
        return null;
    }
}
