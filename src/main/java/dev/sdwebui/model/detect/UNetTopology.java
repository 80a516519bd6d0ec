package dev.sdwebui.model.detect;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * LDM UNet configuration (openaimodel.UNetModel, use_spatial_transformer) read from tensor shapes.
 *
 * <p>Heads are the one thing shapes cannot tell: SD 1.x fixes {@code num_heads = 8} (head dim
 * varies with the level), SD 2.x/SDXL fix {@code num_head_channels = 64}. Both are keyed here by
 * the cross-attention context width, the reliable family marker: 768 -> 8 heads, 1024/2048 ->
 * head dim 64; the shared tiny reference (context 64) uses 2 heads; any other width falls back to
 * 8 heads (the LDM default for SD-1-like models).
 *
 * @param numHeads fixed head count, or 0 when {@code headDim} applies
 * @param headDim fixed head width, or 0 when {@code numHeads} applies
 * @param attentionLevels level indices (0 = full resolution) that carry a SpatialTransformer
 * @param linearProjection SpatialTransformer proj_in/out are Linear (SD 2.x) rather than 1x1 Conv
 * @param admInChannels width of the SDXL class-embedding input {@code y} ({@code label_emb.0.0}), 0 when absent
 */
public record UNetTopology(int inChannels, int outChannels, int modelChannels, int[] channelMult,
        int numResBlocks, int[] attentionLevels, int contextDim, int transformerDepth,
        int numHeads, int headDim, boolean linearProjection, int admInChannels) {

    public UNetTopology {
        if (modelChannels <= 0 || channelMult.length == 0 || numResBlocks <= 0) {
            throw new IllegalArgumentException("invalid UNet topology");
        }
        if ((numHeads > 0) == (headDim > 0)) {
            throw new IllegalArgumentException("exactly one of numHeads/headDim must be set");
        }
        channelMult = channelMult.clone();
        attentionLevels = attentionLevels.clone();
    }

    /** Heads of a transformer whose inner width is {@code channels}. */
    public int headsFor(long channels) {
        return numHeads > 0 ? numHeads : (int) (channels / headDim);
    }

    /**
     * @param shapes full key -> shape
     * @param p the UNet prefix, e.g. {@code model.diffusion_model.}
     */
    public static UNetTopology fromShapes(Map<String, long[]> shapes, String p) {
        long[] in0 = require(shapes, p + "input_blocks.0.0.weight");
        int mc = (int) in0[0];
        List<Integer> mult = new ArrayList<>();
        List<Integer> attn = new ArrayList<>();
        int level = 0;
        int resInLevel0 = 0;
        int contextDim = 0;
        int depth = 0;
        boolean linear = false;
        for (int i = 1; shapes.containsKey(p + "input_blocks." + i + ".0.op.weight")
                || shapes.containsKey(p + "input_blocks." + i + ".0.in_layers.0.weight"); i++) {
            String b = p + "input_blocks." + i + ".";
            if (shapes.containsKey(b + "0.op.weight")) {
                level++;
                continue;
            }
            int ch = (int) require(shapes, b + "0.out_layers.3.weight")[0];
            if (mult.size() == level) {
                mult.add(ch / mc);
            }
            if (level == 0) {
                resInLevel0++;
            }
            if (shapes.containsKey(b + "1.proj_in.weight")) {
                if (!attn.contains(level)) {
                    attn.add(level);
                }
                linear = require(shapes, b + "1.proj_in.weight").length == 2;
                contextDim = (int) require(shapes, b + "1.transformer_blocks.0.attn2.to_k.weight")[1];
                int d = 0;
                while (shapes.containsKey(b + "1.transformer_blocks." + d + ".attn1.to_q.weight")) {
                    d++;
                }
                depth = d;
            }
        }
        int out = (int) require(shapes, p + "out.2.weight")[0];
        int heads = linear ? 0 : contextDim == 64 ? 2 : 8;
        int headDim = linear ? (contextDim < 256 ? 16 : 64) : 0;
        long[] label = shapes.get(p + "label_emb.0.0.weight");
        return new UNetTopology((int) in0[1], out, mc, mult.stream().mapToInt(Integer::intValue).toArray(),
                resInLevel0, attn.stream().mapToInt(Integer::intValue).toArray(), contextDim, depth, heads, headDim, linear,
                label == null ? 0 : (int) label[1]);
    }

    static long[] require(Map<String, long[]> shapes, String key) {
        long[] s = shapes.get(key);
        if (s == null) {
            throw new IllegalArgumentException("checkpoint is missing '" + key + "'");
        }
        return s;
    }

    @Override
    public String toString() {
        return "UNetTopology[in=" + inChannels + ", out=" + outChannels + ", mc=" + modelChannels + ", mult="
                + Arrays.toString(channelMult) + ", res=" + numResBlocks + ", attnLevels=" + Arrays.toString(attentionLevels)
                + ", context=" + contextDim + ", depth=" + transformerDepth + ", heads=" + numHeads + ", headDim=" + headDim
                + ", linearProj=" + linearProjection + ", adm=" + admInChannels + "]";
    }
}
