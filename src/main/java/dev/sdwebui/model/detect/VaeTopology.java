package dev.sdwebui.model.detect;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * LDM AutoencoderKL configuration read from shapes (ldm/modules/diffusionmodules/model.py
 * Encoder/Decoder): base channels {@code ch}, {@code ch_mult}, res blocks per level (encoder
 * count; the decoder has one more), latent channels and image channels.
 */
public record VaeTopology(int imageChannels, int ch, int[] chMult, int numResBlocks, int zChannels, int embedDim) {

    /** LDM's latent scale factor for SD 1.x/2.x (first_stage scale_factor). */
    public static final float SD_SCALE_FACTOR = 0.18215f;

    /** SDXL's latent scale factor (sgm DiffusionEngine scale_factor). */
    public static final float SDXL_SCALE_FACTOR = 0.13025f;

    public VaeTopology {
        if (ch <= 0 || chMult.length == 0 || numResBlocks <= 0 || zChannels <= 0) {
            throw new IllegalArgumentException("invalid VAE topology");
        }
        chMult = chMult.clone();
    }

    /** @param p prefix such as {@code first_stage_model.} */
    public static VaeTopology fromShapes(Map<String, long[]> shapes, String p) {
        long[] convIn = UNetTopology.require(shapes, p + "encoder.conv_in.weight");
        int ch = (int) convIn[0];
        List<Integer> mult = new ArrayList<>();
        for (int i = 0; shapes.containsKey(p + "encoder.down." + i + ".block.0.conv1.weight"); i++) {
            mult.add((int) (shapes.get(p + "encoder.down." + i + ".block.0.conv1.weight")[0] / ch));
        }
        int nrb = 0;
        while (shapes.containsKey(p + "encoder.down.0.block." + nrb + ".conv1.weight")) {
            nrb++;
        }
        int z = (int) UNetTopology.require(shapes, p + "decoder.conv_in.weight")[1];
        int embed = (int) UNetTopology.require(shapes, p + "post_quant_conv.weight")[0];
        return new VaeTopology((int) convIn[1], ch, mult.stream().mapToInt(Integer::intValue).toArray(), nrb, z, embed);
    }

    @Override
    public String toString() {
        return "VaeTopology[in=" + imageChannels + ", ch=" + ch + ", mult=" + Arrays.toString(chMult) + ", res="
                + numResBlocks + ", z=" + zChannels + ", embed=" + embedDim + "]";
    }
}
