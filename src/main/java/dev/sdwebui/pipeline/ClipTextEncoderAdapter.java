package dev.sdwebui.pipeline;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.sdwebui.nn.clip.ClipTextEncoder;
import dev.sdwebui.prompt.cond.TextEncoder;
import dev.sdwebui.prompt.cond.TokenOverride;
import java.util.List;

/**
 * The nn CLIP text tower as the prompt package's {@link TextEncoder}, including textual-inversion
 * overrides: the token-embedding rows [row, position .. position+count) are replaced before the
 * position embeddings are added (Ref: A1111 sd_hijack.py EmbeddingsWithFixes.forward).
 */
final class ClipTextEncoderAdapter implements TextEncoder {

    private final ClipTextEncoder clip;

    ClipTextEncoderAdapter(ClipTextEncoder clip) {
        this.clip = clip;
    }

    @Override
    public NDArray encode(NDArray tokens, int clipSkip) {
        return clip.encode(tokens, clipSkip);
    }

    @Override
    public int width() {
        return clip.topology().width();
    }

    @Override
    public NDArray encode(NDArray tokens, int clipSkip, List<TokenOverride> overrides) {
        if (overrides.isEmpty()) {
            return clip.encode(tokens, clipSkip);
        }
        return clip.encode(tokens, clipSkip, h -> patch(h, overrides));
    }

    /** h: [B, T, C] token embeddings; returns a patched copy in the same manager. */
    static NDArray patch(NDArray h, List<TokenOverride> overrides) {
        Shape shape = h.getShape();
        int t = (int) shape.get(1);
        int c = (int) shape.get(2);
        float[] data = h.toFloatArray();
        for (TokenOverride o : overrides) {
            if (o.count() == 0) {
                continue;
            }
            if (o.width() != c) {
                throw new IllegalArgumentException("embedding width " + o.width() + " does not match the text encoder's "
                        + c);
            }
            int count = Math.min(o.count(), t - o.position());
            System.arraycopy(o.vectors(), 0, data, (o.row() * t + o.position()) * c, count * c);
        }
        return h.getManager().create(data, shape);
    }
}
