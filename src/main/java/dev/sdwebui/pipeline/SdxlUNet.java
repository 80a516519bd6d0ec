package dev.sdwebui.pipeline;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import dev.sdwebui.nn.unet.UNet;
import dev.sdwebui.sampling.denoise.NoisePredictor;

/**
 * The SDXL UNet behind the packed conditioning of {@link SdxlTextEncoder}: context = the first
 * {@code context_dim} channels, y = [pooled | emb(orig H) | emb(orig W) | emb(crop top) | emb(crop left) |
 * emb(target H) | emb(target W)] (refiner: [pooled | orig H | orig W | crop top | crop left | aesthetic score]),
 * each emb 256 wide ({@code timestep_embedding}: cos | sin). Original and target size are the image size of
 * the pass, i.e. the latent's size times 8, which is A1111's {@code p.width/p.height} for txt2img, img2img and
 * each hires pass (Ref: A1111 sd_models_xl.py get_learned_conditioning; sgm ConcatTimestepEmbedderND).
 */
final class SdxlUNet implements NoisePredictor {

    private static final int EMB = 256;
    private final UNet unet;
    private final int pooled;
    private final boolean refiner;
    private final int cropTop;
    private final int cropLeft;

    SdxlUNet(UNet unet, int pooledWidth, boolean refiner, int cropTop, int cropLeft) {
        this.unet = unet;
        this.pooled = pooledWidth;
        this.refiner = refiner;
        this.cropTop = cropTop;
        this.cropLeft = cropLeft;
        int adm = pooledWidth + EMB * (refiner ? 5 : 6);
        if (adm != unet.topology().admInChannels()) {
            throw new IllegalArgumentException("SDXL UNet expects a vector of " + unet.topology().admInChannels()
                    + " but pooled " + pooledWidth + " + size embeddings make " + adm);
        }
    }

    /** @param packed [B, T, context_dim + P (+1)] */
    @Override
    public NDArray predict(NDArray x, NDArray t, NDArray packed) {
        NDManager parent = x.getManager();
        try (NDManager s = parent.newSubManager()) {
            packed.tempAttach(s);
            int c = unet.topology().contextDim();
            NDArray context = packed.get(":, :, 0:{}", c);
            NDArray first = packed.get(":, 0, :"); // [B, C']
            NDArray out = unet.forward(x, t, context, vector(first, x, c, s));
            out.attach(parent);
            return out;
        }
    }

    /** y [B, adm] for the rows' first tokens {@code first} [B, C']. */
    NDArray vector(NDArray first, NDArray x, int c, NDManager s) {
        long b = first.getShape().get(0);
        float h = x.getShape().get(2) * 8f;
        float w = x.getShape().get(3) * 8f;
        NDList parts = new NDList(first.get(":, {}:{}", c, c + pooled));
        float[] sizes = refiner ? new float[] {h, w, cropTop, cropLeft} : new float[] {h, w, cropTop, cropLeft, h, w};
        for (float v : sizes) {
            parts.add(embed(s.full(new ai.djl.ndarray.types.Shape(b), v)));
        }
        if (refiner) {
            parts.add(embed(first.get(":, {}", c + pooled)));
        }
        return NDArrays.concat(parts, 1);
    }

    private static NDArray embed(NDArray values) {
        return UNet.timestepEmbedding(values, EMB);
    }
}
