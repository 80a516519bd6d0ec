package dev.sdwebui.pipeline;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.sdwebui.nn.vae.AutoencoderKL;
import dev.sdwebui.postprocess.ImageConversion;
import dev.sdwebui.postprocess.ImageGrid;
import dev.sdwebui.queue.JobContext;
import dev.sdwebui.sampling.sampler.Latent;
import java.awt.image.BufferedImage;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live previews during sampling (A1111 {@code sd_samplers_common.store_latent} /
 * {@code state.set_current_image}): every {@code show_progress_every_n_steps} steps (-1 = off) the
 * step's x0 prediction becomes a picture for {@link JobContext#preview}.
 *
 * <p>Methods ({@code show_progress_type}): "Full" decodes with the VAE; "Approx cheap" is A1111's
 * linear latent -> RGB map ({@code sd_vae_approx.cheap_approximation}, SD1 coefficients) at latent
 * resolution. "Approx NN" and "TAESD" need extra networks this build does not ship: they fall back
 * to "Approx cheap". A batch is shown as a grid (A1111 {@code show_progress_grid}).
 */
final class LivePreview {

    private static final Logger LOG = LoggerFactory.getLogger(LivePreview.class);

    /** Ref: A1111 sd_vae_approx.py cheap_approximation, SD1 coefs [latent channel l][rgb r]. */
    static final float[][] SD1_COEFS = {
        {0.298f, 0.207f, 0.208f},
        {0.187f, 0.286f, 0.173f},
        {-0.158f, 0.189f, 0.264f},
        {-0.184f, -0.271f, -0.473f},
    };

    private final int every;
    private final boolean full;
    private final AutoencoderKL vae;
    private final NDManager manager;

    /**
     * @param every   show_progress_every_n_steps (-1 off; 0 every step)
     * @param method  show_progress_type
     */
    LivePreview(int every, String method, boolean enabled, AutoencoderKL vae, NDManager manager) {
        this.every = enabled ? every : -1;
        this.full = "Full".equals(method);
        if (!full && !"Approx cheap".equals(method) && every >= 0 && enabled) {
            LOG.debug("live preview method '{}' is not available; using Approx cheap", method);
        }
        this.vae = vae;
        this.manager = manager;
    }

    /** Called after each sampler step; {@code step} is 0-based. */
    void onStep(int step, Latent denoised, JobContext ctx) {
        if (every < 0 || denoised == null) {
            return;
        }
        int done = step + 1;
        if (every > 0 && done % every != 0) {
            return;
        }
        ctx.preview(render(denoised));
    }

    BufferedImage render(Latent denoised) {
        long[] s = denoised.shape().getShape(); // [B, 4, h, w]
        int b = (int) s[0];
        List<BufferedImage> images = full ? decode(denoised, b) : cheap(denoised.values(), b, (int) s[2], (int) s[3]);
        return images.size() == 1 ? images.get(0) : ImageGrid.grid(images, b, -1, false);
    }

    private List<BufferedImage> decode(Latent denoised, int b) {
        try (NDManager scope = manager.newSubManager()) {
            NDArray z = denoised.toNDArray(scope).div(vae.scaleFactor());
            NDArray img = vae.decode(z); // [B, 3, H, W]
            long[] shape = img.getShape().getShape();
            return ImageConversion.toImages(img.toFloatArray(), b, (int) shape[2], (int) shape[3]);
        }
    }

    /** latent [B, 4, h, w] -> rgb [B, 3, h, w] = sum_l latent[l] * coefs[l][r]. */
    static List<BufferedImage> cheap(float[] latent, int b, int h, int w) {
        int plane = h * w;
        float[] rgb = new float[b * 3 * plane];
        for (int i = 0; i < b; i++) {
            for (int r = 0; r < 3; r++) {
                int out = (i * 3 + r) * plane;
                for (int l = 0; l < 4; l++) {
                    float c = SD1_COEFS[l][r];
                    int in = (i * 4 + l) * plane;
                    for (int p = 0; p < plane; p++) {
                        rgb[out + p] += latent[in + p] * c;
                    }
                }
            }
        }
        return ImageConversion.toImages(rgb, b, h, w);
    }
}
