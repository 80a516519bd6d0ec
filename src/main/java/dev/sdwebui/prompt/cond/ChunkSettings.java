package dev.sdwebui.prompt.cond;

/**
 * Settings that change how a prompt becomes token chunks and conditioning.
 *
 * @param emphasis              A1111 {@code emphasis} (default Original)
 * @param commaPaddingBacktrack A1111 {@code comma_padding_backtrack} (default 20; 0 disables):
 *                              when a chunk fills up, text after a comma within this many tokens
 *                              moves to the next chunk
 * @param clipSkip              A1111 {@code CLIP_stop_at_last_layers} (1 = last layer)
 */
public record ChunkSettings(EmphasisMode emphasis, int commaPaddingBacktrack, int clipSkip) {

    public static final ChunkSettings DEFAULTS = new ChunkSettings(EmphasisMode.ORIGINAL, 20, 1);

    public ChunkSettings {
        if (emphasis == null) {
            throw new IllegalArgumentException("emphasis is required");
        }
        if (commaPaddingBacktrack < 0 || commaPaddingBacktrack > 74) {
            throw new IllegalArgumentException("comma_padding_backtrack must be in 0..74");
        }
        if (clipSkip < 1 || clipSkip > 12) {
            throw new IllegalArgumentException("CLIP skip must be in 1..12");
        }
    }
}
