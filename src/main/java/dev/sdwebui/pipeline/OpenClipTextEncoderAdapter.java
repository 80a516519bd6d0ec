package dev.sdwebui.pipeline;

import ai.djl.ndarray.NDArray;
import dev.sdwebui.nn.clip.OpenClipTextEncoder;
import dev.sdwebui.prompt.cond.TextEncoder;
import dev.sdwebui.prompt.cond.TokenOverride;
import java.util.List;

/**
 * SD 2.x's OpenCLIP ViT-H as the prompt package's {@link TextEncoder}: penultimate block + ln_final, ids padded
 * with 0 after the first end token, and no CLIP skip (Ref: A1111 sd_hijack_open_clip.py
 * FrozenOpenCLIPEmbedderWithCustomWords: {@code id_pad = 0}; encode_with_transformers ignores
 * CLIP_stop_at_last_layers). Textual inversion replaces token-embedding rows as for SD 1.x.
 */
final class OpenClipTextEncoderAdapter implements TextEncoder {

    private final OpenClipTextEncoder clip;

    OpenClipTextEncoderAdapter(OpenClipTextEncoder clip) {
        this.clip = clip;
    }

    @Override
    public NDArray encode(NDArray tokens, int clipSkip) {
        return clip.encodePenultimateNormed(tokens, h -> h);
    }

    @Override
    public int width() {
        return clip.topology().width();
    }

    @Override
    public int padTokenId() {
        return 0;
    }

    @Override
    public NDArray encode(NDArray tokens, int clipSkip, List<TokenOverride> overrides) {
        if (overrides.isEmpty()) {
            return encode(tokens, clipSkip);
        }
        return clip.encodePenultimateNormed(tokens, h -> ClipTextEncoderAdapter.patch(h, overrides));
    }
}
