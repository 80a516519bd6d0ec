package dev.sdwebui.model.io;

import java.util.Arrays;
import java.util.Set;

/**
 * The hyper-parameters that fix the key set and shapes of an SD 1.x checkpoint in the original LDM
 * single-file layout (used by {@link SyntheticCheckpoint}; the real loader reads topology from shapes).
 * Ref: CompVis/stable-diffusion configs/stable-diffusion/v1-inference.yaml.
 *
 * @param unetChannels   model_channels (SD 1.5: 320)
 * @param unetMult       channel_mult (1,2,4,4)
 * @param unetResBlocks  num_res_blocks (2)
 * @param attentionDs    attention_resolutions as downsampling factors (4,2,1)
 * @param heads          num_heads (8); does not change any shape, kept for documentation
 * @param contextDim     context_dim (768)
 * @param unetInChannels in_channels (4; 9 for inpainting)
 * @param vaeChannels    ddconfig.ch (128)
 * @param vaeMult        ddconfig.ch_mult (1,2,4,4)
 * @param vaeResBlocks   ddconfig.num_res_blocks (2)
 * @param clipWidth      CLIP text hidden size (768)
 * @param clipLayers     CLIP text layers (12)
 * @param clipMlp        CLIP text intermediate size (3072)
 * @param vocab          token embedding rows (49408)
 * @param positions      max positions (77)
 * @param emaCounters    whether {@code model_ema.decay}/{@code model_ema.num_updates} are present
 */
public record LdmTopology(int unetChannels, int[] unetMult, int unetResBlocks, Set<Integer> attentionDs, int heads,
                          int contextDim, int unetInChannels, int vaeChannels, int[] vaeMult, int vaeResBlocks,
                          int clipWidth, int clipLayers, int clipMlp, int vocab, int positions, boolean emaCounters) {

    public LdmTopology {
        unetMult = unetMult.clone();
        vaeMult = vaeMult.clone();
        attentionDs = Set.copyOf(attentionDs);
        if (unetChannels <= 0 || unetMult.length == 0 || vaeMult.length == 0 || clipLayers <= 0 || contextDim <= 0) {
            throw new IllegalArgumentException("invalid topology");
        }
    }

    /** Stable Diffusion 1.5 (v1-inference.yaml, CLIP ViT-L/14 text encoder). */
    public static LdmTopology sd15() {
        return new LdmTopology(320, new int[] {1, 2, 4, 4}, 2, Set.of(4, 2, 1), 8, 768, 4,
                128, new int[] {1, 2, 4, 4}, 2, 768, 12, 3072, 49408, 77, false);
    }

    /** The ../shared/reference/sd1-tiny model (tiny.json), which also carries the model_ema counters. */
    public static LdmTopology tiny() {
        return new LdmTopology(32, new int[] {1, 2, 2, 2}, 2, Set.of(4, 2, 1), 2, 64, 4,
                32, new int[] {1, 2, 2, 2}, 2, 64, 2, 256, 49408, 77, true);
    }

    /** The same model with another UNet input channel count (9 = inpainting). */
    public LdmTopology withUnetInChannels(int channels) {
        return new LdmTopology(unetChannels, unetMult, unetResBlocks, attentionDs, heads, contextDim, channels,
                vaeChannels, vaeMult, vaeResBlocks, clipWidth, clipLayers, clipMlp, vocab, positions, emaCounters);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LdmTopology t && Arrays.equals(unetMult, t.unetMult) && Arrays.equals(vaeMult, t.vaeMult)
                && toString().equals(t.toString());
    }

    @Override
    public int hashCode() {
        return toString().hashCode();
    }

    @Override
    public String toString() {
        return "LdmTopology[unet " + unetChannels + Arrays.toString(unetMult) + "x" + unetResBlocks + " attn"
                + new java.util.TreeSet<>(attentionDs) + " ctx " + contextDim + " in " + unetInChannels + ", vae " + vaeChannels
                + Arrays.toString(vaeMult) + "x" + vaeResBlocks + ", clip " + clipWidth + "x" + clipLayers + " mlp "
                + clipMlp + ", ema " + emaCounters + "]";
    }
}
