package dev.sdwebui.pipeline;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.sdwebui.postprocess.PilResample;
import dev.sdwebui.postprocess.Pixels;

/**
 * The inpainting mask at latent resolution and the blend A1111 applies to latents.
 * Ref: A1111 processing.py {@code StableDiffusionProcessingImg2Img.init}: {@code latmask} is the L mask
 * resized (PIL default bicubic) to the latent size, /255, rounded (mask_round), tiled over 4 channels;
 * {@code mask = 1 - latmask} keeps the original, {@code nmask = latmask} takes the sample;
 * sd_samplers_cfg_denoiser.py {@code apply_blend}: {@code x * nmask + init_latent * mask}.
 *
 * @param mask  [1, 4, h, w] 1 where the original is kept
 * @param nmask [1, 4, h, w] 1 where the sample is kept
 */
record LatentMask(NDArray mask, NDArray nmask) {

    static LatentMask of(Pixels imageMask, int h, int w, boolean round, NDManager manager) {
        float[] lat = latmask(imageMask, h, w, round);
        float[] keep = new float[4 * h * w];
        float[] take = new float[4 * h * w];
        for (int i = 0; i < h * w; i++) {
            float v = lat[i];
            for (int c = 0; c < 4; c++) {
                take[c * h * w + i] = v;
                keep[c * h * w + i] = 1f - v;
            }
        }
        Shape s = new Shape(1, 4, h, w);
        return new LatentMask(manager.create(keep, s), manager.create(take, s));
    }

    /**
     * A1111's {@code latmask} [h * w]: {@code mask.convert('RGB').resize((w, h))} (Pillow's default BICUBIC),
     * channel 0 as float32 / 255, {@code np.around} (half to even) when mask_round.
     */
    static float[] latmask(Pixels imageMask, int h, int w, boolean round) {
        Pixels small = PilResample.resize(imageMask.toL(), w, h, PilResample.Filter.BICUBIC);
        float[] out = new float[h * w];
        for (int i = 0; i < out.length; i++) {
            float v = small.data()[i] / 255f;
            out[i] = round ? (float) Math.rint(v) : v;
        }
        return out;
    }

    /** {@code x * nmask + init * mask}, in x's manager. */
    NDArray blend(NDArray x, NDArray init) {
        NDManager parent = x.getManager();
        try (NDManager s = parent.newSubManager()) {
            NDArray xs = own(x, s);
            NDArray is = own(init, s);
            NDArray out = xs.mul(nmask).add(is.mul(mask));
            out.attach(parent);
            return out;
        }
    }

    /** A copy in the scope, so the ops whose receiver it is land there. */
    static NDArray own(NDArray a, NDManager s) {
        NDArray copy = a.duplicate();
        copy.attach(s);
        return copy;
    }
}
