package dev.sdwebui.pipeline;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import dev.sdwebui.sampling.denoise.NoisePredictor;
import java.util.Arrays;

/**
 * The UNet of an inpainting checkpoint (9 input channels): the latent is concatenated with the image
 * conditioning, A1111's {@code c_concat} ({@code torch.cat([x] + c_concat, dim=1)} in ldm's
 * DiffusionWrapper). The CFG batch has rows {@code [conds of image 0.., uncond x B]}; {@code rowImages}
 * maps each row to its image so the conditioning rows line up (A1111 {@code image_cond_in}).
 */
final class ConcatConditioning implements NoisePredictor {

    private final NoisePredictor unet;
    private final NDArray imageCond;
    private final int[] rowImages;
    private final boolean same;

    /**
     * @param imageCond [B, 5, h, w]
     * @param rowImages image index of each row of the full CFG batch
     * @param same      every image has the same conditioning (one init image), so any row slice works
     */
    ConcatConditioning(NoisePredictor unet, NDArray imageCond, int[] rowImages, boolean same) {
        this.unet = unet;
        this.imageCond = imageCond;
        this.rowImages = rowImages.clone();
        this.same = same;
    }

    @Override
    public NDArray predict(NDArray x, NDArray t, NDArray context) {
        NDManager parent = x.getManager();
        int rows = (int) x.getShape().get(0);
        try (NDManager s = parent.newSubManager()) {
            int[] pick;
            if (same) {
                pick = new int[rows];
            } else if (rows == rowImages.length) {
                pick = rowImages;
            } else if (rows == imageCond.getShape().get(0)) {
                pick = java.util.stream.IntStream.range(0, rows).toArray();
            } else {
                throw new IllegalStateException("cannot match " + rows + " UNet rows to the inpainting conditioning of "
                        + imageCond.getShape().get(0) + " images; enable batch_cond_uncond or use one init image");
            }
            NDArray all = LatentMask.own(imageCond, s);
            NDList parts = new NDList();
            for (int i : pick) {
                parts.add(all.get("{}:{}", i, i + 1));
            }
            NDArray cond = NDArrays.concat(parts);
            NDArray in = NDArrays.concat(new NDList(LatentMask.own(x, s), cond), 1);
            NDArray out = unet.predict(in, t, context);
            out.attach(parent);
            return out;
        }
    }

    /** Rows of the CFG batch: each image repeated per AND sub-prompt, then every image once (uncond). */
    static int[] rowImages(int[] condsPerImage) {
        int total = Arrays.stream(condsPerImage).sum() + condsPerImage.length;
        int[] rows = new int[total];
        int k = 0;
        for (int i = 0; i < condsPerImage.length; i++) {
            for (int j = 0; j < condsPerImage[i]; j++) {
                rows[k++] = i;
            }
        }
        for (int i = 0; i < condsPerImage.length; i++) {
            rows[k++] = i;
        }
        return rows;
    }
}
