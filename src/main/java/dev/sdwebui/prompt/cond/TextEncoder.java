package dev.sdwebui.prompt.cond;

import ai.djl.ndarray.NDArray;
import java.util.List;

/**
 * The CLIP text transformer as the conditioning code needs it (the nn package's CLIP implements it).
 *
 * <p>Contract for implementers:
 * <ul>
 *   <li>{@code tokens}: int64 {@code [n, 77]}; result: float32 {@code [n, 77, width()]}, attached to
 *       {@code tokens.getManager()}.</li>
 *   <li>{@code clipSkip} (A1111 {@code CLIP_stop_at_last_layers}, >= 1): 1 returns the last hidden
 *       state after {@code final_layer_norm}; k > 1 returns {@code hidden_states[-k]} (the output of
 *       layer {@code L - k + 1} of L) passed through {@code final_layer_norm}
 *       (Ref: A1111 sd_hijack_clip.py {@code encode_with_transformers}).</li>
 *   <li>{@code overrides}: textual-inversion vectors that replace the output of the token-embedding
 *       lookup at the given (row, position) range, <b>before</b> position embeddings are added
 *       (Ref: A1111 sd_hijack.py {@code EmbeddingsWithFixes.forward}).</li>
 * </ul>
 */
public interface TextEncoder {

    NDArray encode(NDArray tokens, int clipSkip);

    /** Hidden width C (768 for SD1, 1024 for SD2, 64 for the tiny reference model). */
    int width();

    /**
     * Padding id after the first end token, or -1 when padding uses the end token itself (SD1's CLIP).
     * OpenCLIP (SD2) pads with 0 (Ref: A1111 sd_hijack_clip.py {@code process_tokens}, {@code id_pad}).
     */
    default int padTokenId() {
        return -1;
    }

    /**
     * Encode with token-embedding overrides. The default supports no overrides: an encoder that
     * cannot inject vectors fails clearly when a prompt uses an embedding.
     */
    default NDArray encode(NDArray tokens, int clipSkip, List<TokenOverride> overrides) {
        if (overrides.isEmpty()) {
            return encode(tokens, clipSkip);
        }
        throw new UnsupportedOperationException("this text encoder cannot apply textual-inversion embeddings");
    }
}
