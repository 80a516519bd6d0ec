package dev.sdwebui.prompt.cond;

import dev.sdwebui.model.embedding.TextualInversion;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** The {@code TI hashes} infotext value. Ref: A1111 sd_hijack_clip.py {@code forward}. */
public final class TiHashes {

    private TiHashes() {
    }

    /** {@code "name: shorthash, name2: shorthash2"}; embeddings without a hash are left out. */
    public static String format(Collection<TextualInversion> embeddings) {
        List<String> parts = new ArrayList<>();
        for (TextualInversion e : embeddings) {
            if (!e.shortHash().isEmpty()) {
                parts.add(e.name().replace(":", "").replace(",", "") + ": " + e.shortHash());
            }
        }
        return String.join(", ", parts);
    }
}
