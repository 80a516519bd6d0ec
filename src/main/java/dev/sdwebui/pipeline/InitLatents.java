package dev.sdwebui.pipeline;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.sdwebui.nn.SdModel;
import dev.sdwebui.nn.vae.LatentDistribution;
import dev.sdwebui.postprocess.Pixels;
import dev.sdwebui.tensor.rng.BatchNoise;
import dev.sdwebui.tensor.rng.NoiseSpec;
import dev.sdwebui.tensor.rng.RandomSource;
import java.util.List;

/**
 * Latent-side helpers of img2img: pictures to tensors, the VAE encode with a seeded posterior sample,
 * and the 9-channel conditioning of inpainting checkpoints.
 */
final class InitLatents {

    private InitLatents() {
    }

    /** A1111 {@code np.array(image) / 255}, then {@code * 2 - 1}: [B, 3, H, W]; one image repeats over the batch. */
    static NDArray toTensor(List<Pixels> images, int batch, NDManager manager) {
        Pixels first = images.get(0);
        int h = first.height();
        int w = first.width();
        int plane = h * w;
        float[] out = new float[batch * 3 * plane];
        for (int b = 0; b < batch; b++) {
            Pixels p = images.get(images.size() == 1 ? 0 : b).toRgb();
            if (p.width() != w || p.height() != h) {
                throw new IllegalArgumentException("all init images must have the same size after resizing");
            }
            for (int i = 0; i < plane; i++) {
                for (int c = 0; c < 3; c++) {
                    float v = p.data()[i * 3 + c] / 255.0f;
                    out[b * 3 * plane + c * plane + i] = v * 2f - 1f;
                }
            }
        }
        return manager.create(out, new Shape(batch, 3, h, w));
    }

    /**
     * The VAE encoder with a seeded posterior sample: {@code (mean + exp(0.5 logvar) * randn) * 0.18215},
     * one image at a time as A1111 does for batches. A1111 draws randn from torch's global generator,
     * whose state depends on earlier work; we draw it from each image's seed so a job is reproducible.
     */
    static LatentEncoder vae(SdModel model, RandomSource source) {
        return (images, seeds, manager) -> {
            NDList rows = new NDList();
            for (int i = 0; i < images.getShape().get(0); i++) {
                NDArray one = images.get("{}:{}", i, i + 1);
                rows.add(sampleOne(model, one, seeds.get(i), source, manager));
            }
            return rows.size() == 1 ? rows.get(0) : NDArrays.concat(rows);
        };
    }

    private static NDArray sampleOne(SdModel model, NDArray image, long seed, RandomSource source, NDManager manager) {
        try (NDManager s = manager.newSubManager()) {
            image.tempAttach(s);
            LatentDistribution dist = model.vae().encode(image);
            Shape shape = dist.mean().getShape();
            BatchNoise noise = BatchNoise.of(source, List.of(NoiseSpec.of(seed)),
                    new Shape(shape.get(1), shape.get(2), shape.get(3)));
            NDArray z = dist.sample(noise.next(s)).mul(model.vae().scaleFactor());
            z.attach(manager);
            return z;
        }
    }

    /**
     * A1111 {@code inpainting_image_conditioning}: the mask (/255, rounded to 0 or 1 when mask_round,
     * v1.10 {@code round_image_mask}; 1 = repaint) and the VAE latent of
     * {@code lerp(src, src * (1 - mask), inpainting_mask_weight)}, concatenated as [B, 5, h, w]
     * (mask first). Without a mask the whole picture counts as masked.
     *
     * @param source [B, 3, H, W] in [-1, 1]
     * @param mask   L mask at H x W, or null
     * @param round  mask_round
     */
    static NDArray inpaintingConditioning(NDArray source, Pixels mask, boolean round, double weight,
                                          LatentEncoder encoder, List<Long> seeds, int latentH, int latentW,
                                          NDManager manager) {
        long b = source.getShape().get(0);
        int h = (int) source.getShape().get(2);
        int w = (int) source.getShape().get(3);
        float[] m = new float[h * w];
        for (int i = 0; i < m.length; i++) {
            float v = mask == null ? 1f : mask.data()[i] / 255.0f;
            m[i] = round ? (float) Math.rint(v) : v;
        }
        try (NDManager s = manager.newSubManager()) {
            NDArray cm = s.create(m, new Shape(1, 1, h, w));
            NDArray masked = LatentMask.own(source, s).mul(cm.mul(-(float) weight).add(1f)); // src * (1 - w * m) = lerp(src, src*(1-m), w)
            NDArray latent = encoder.encode(masked, seeds, s);
            NDArray small = nearest(m, h, w, latentH, latentW, s).broadcast(new Shape(b, 1, latentH, latentW));
            NDArray out = NDArrays.concat(new NDList(small, latent), 1);
            out.attach(manager);
            return out;
        }
    }

    /** F.interpolate(mode="nearest"): src = floor(dst * in / out). */
    private static NDArray nearest(float[] m, int h, int w, int oh, int ow, NDManager s) {
        float[] out = new float[oh * ow];
        for (int y = 0; y < oh; y++) {
            int sy = Math.min(h - 1, (int) Math.floor(y * (double) h / oh));
            for (int x = 0; x < ow; x++) {
                int sx = Math.min(w - 1, (int) Math.floor(x * (double) w / ow));
                out[y * ow + x] = m[sy * w + sx];
            }
        }
        return s.create(out, new Shape(1, 1, oh, ow));
    }
}
