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
     * Channel ranges {@code [from, to)} of the output that emphasis scales, each restoring its own mean: A1111
     * applies emphasis inside each text encoder's wrapper, and SDXL's conditioning puts two encoders side by
     * side (Ref: A1111 sd_hijack_clip.py process_tokens, one FrozenCLIPEmbedderWithCustomWords per embedder).
     * Channels outside every range (SDXL's pooled output packed behind the hidden states) are left as they are.
     */
    default int[][] emphasisRanges() {
        return new int[][] {{0, width()}};
    }

    /**
     * Family-specific changes to one prompt schedule's encoded texts {@code z} [n, 77*k, width()] (one row per
     * text) before they become conditioning; the identity for SD 1.x/2.x. SDXL zeroes the text part of an all-empty
     * negative prompt and the refiner writes its aesthetic score (Ref: A1111 sd_models_xl.py
     * get_learned_conditioning). The result is attached to z's manager.
     *
     * @param negative the texts are a negative prompt's (A1111 SdConditioning is_negative_prompt)
     */
    default NDArray finish(NDArray z, List<String> texts, boolean negative) {
        return z;
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
