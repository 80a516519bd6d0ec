package dev.sdwebui.model.detect;

import java.util.Map;

/**
 * HF CLIPTextModel configuration from shapes. The head count is not visible in any shape: every
 * released CLIP text tower uses 64-wide heads (ViT-L/14 768 -> 12, OpenCLIP ViT-H 1024 -> 16,
 * bigG 1280 -> 20), so heads = width / 64 from width 256 up; below that only the shared tiny test
 * model exists (width 64, 4 heads), and other small widths fall back to 16-wide heads.
 */
public record ClipTopology(int vocabSize, int maxPositions, int width, int layers, int heads, int mlpWidth) {

    public ClipTopology {
        if (width <= 0 || layers <= 0 || heads <= 0 || width % heads != 0) {
            throw new IllegalArgumentException("invalid CLIP topology: width " + width + ", heads " + heads);
        }
    }

    /** @param p prefix such as {@code cond_stage_model.transformer.text_model.} */
    public static ClipTopology fromShapes(Map<String, long[]> shapes, String p) {
        long[] tok = UNetTopology.require(shapes, p + "embeddings.token_embedding.weight");
        long[] pos = UNetTopology.require(shapes, p + "embeddings.position_embedding.weight");
        int layers = 0;
        while (shapes.containsKey(p + "encoder.layers." + layers + ".self_attn.q_proj.weight")) {
            layers++;
        }
        int mlp = (int) UNetTopology.require(shapes, p + "encoder.layers.0.mlp.fc1.weight")[0];
        int width = (int) tok[1];
        return new ClipTopology((int) tok[0], (int) pos[0], width, layers, headsForWidth(width), mlp);
    }

    /** A tower of {@code width} with the head count of {@link #headsForWidth}. */
    public static ClipTopology of(int vocabSize, int maxPositions, int width, int layers, int mlpWidth) {
        return new ClipTopology(vocabSize, maxPositions, width, layers, headsForWidth(width), mlpWidth);
    }

    static int headsForWidth(int width) {
        if (width >= 256) {
            return width / 64;
        }
        return width == 64 ? 4 : Math.max(1, width / 16);
    }
}
