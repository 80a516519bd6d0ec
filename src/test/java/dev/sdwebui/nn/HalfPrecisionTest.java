package dev.sdwebui.nn;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import dev.sdwebui.nn.vae.LatentDistribution;
import dev.sdwebui.testsupport.Npy;
import dev.sdwebui.testsupport.SharedReference;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * CUDA's default precision (A1111: fp16 weights) run on CPU with the tiny model: the text encoder, UNet and
 * VAE load as fp16, compute in fp16 (slow on a CPU, fine for the tiny model), take and return float32, and
 * stay within fp16 rounding of the fp32 model.
 */
class HalfPrecisionTest {

    private static final Path TINY = SharedReference.sharedDir().resolve("reference/sd1-tiny");

    @Test
    void halfModelComputesInFp16AndReturnsFloat32CloseToFp32() throws Exception {
        Path c = TINY.resolve("cases/components-64x64");
        try (NDManager m = NDManager.newBaseManager("PyTorch");
             SdModel full = SdModelLoader.load(TINY.resolve("tiny-fp32.safetensors"), m, LoadOptions.defaults());
             SdModel half = SdModelLoader.load(TINY.resolve("tiny-fp32.safetensors"), m,
                     LoadOptions.defaults().withHalf(true, true))) {
            JniUtils.setGradMode(false);
            assertClose(unet(half, m, c), unet(full, m, c), 1e-2);

            NDArray z = npy(m, c.resolve("vae_dec_in.npy"));
            assertClose(half.vae().decode(z), full.vae().decode(z), 2e-2);
            NDArray img = npy(m, c.resolve("vae_enc_in.npy"));
            LatentDistribution h = half.vae().encode(img);
            LatentDistribution f = full.vae().encode(img);
            assertClose(h.mean(), f.mean(), 2e-2);

            NDArray tokens = m.create(new long[] {49406, 320, 1125, 49407}).reshape(1, 4);
            assertClose(half.textEncoder().encode(tokens, 1), full.textEncoder().encode(tokens, 1), 1e-2);
            assertClose(half.textEncoder().encode(tokens, 1, e -> e.mul(1f)), full.textEncoder().encode(tokens, 1), 1e-2);
        }
    }

    @Test
    void halfVaeOnlyKeepsTheUnetExactlyFp32() throws Exception {
        Path c = TINY.resolve("cases/components-64x64");
        try (NDManager m = NDManager.newBaseManager("PyTorch");
             SdModel full = SdModelLoader.load(TINY.resolve("tiny-fp32.safetensors"), m, LoadOptions.defaults());
             SdModel vaeHalf = SdModelLoader.load(TINY.resolve("tiny-fp32.safetensors"), m,
                     LoadOptions.defaults().withHalf(false, true))) {
            JniUtils.setGradMode(false);
            assertThat(unet(vaeHalf, m, c).toFloatArray()).containsExactly(unet(full, m, c).toFloatArray());
            NDArray z = npy(m, c.resolve("vae_dec_in.npy"));
            assertClose(vaeHalf.vae().decode(z), full.vae().decode(z), 2e-2);
        }
    }

    /** Float32 out, not bit-equal (fp16 really ran), within {@code rel} of the fp32 result's max magnitude. */
    private static void assertClose(NDArray half, NDArray full, double rel) {
        assertThat(half.getDataType()).isEqualTo(DataType.FLOAT32);
        assertThat(half.getShape()).isEqualTo(full.getShape());
        float diff = half.sub(full).abs().max().getFloat();
        float scale = full.abs().max().getFloat();
        assertThat(diff).as("fp16 differs from fp32 (it ran in fp16)").isGreaterThan(0f);
        assertThat(diff / scale).as("relative to max |fp32| = %s", scale).isLessThan((float) rel);
    }

    /** The model's UNet on a reference case's inputs. */
    private static NDArray unet(SdModel model, NDManager m, Path c) {
        return model.unet().forward(npy(m, c.resolve("unet_x.npy")), npy(m, c.resolve("unet_t.npy")),
                npy(m, c.resolve("unet_context.npy")));
    }

    private static NDArray npy(NDManager m, Path p) {
        Npy n = Npy.read(p);
        return m.create(n.floats(), new Shape(n.shape()));
    }

    @Test
    void cudaReadKeepsAnFp16FileAsStoredAndCastsOnlyWhatDiffers() throws Exception {
        Path c = TINY.resolve("cases/components-64x64");
        LoadOptions kept = new LoadOptions(dev.sdwebui.model.io.ReadOptions.raw(), "sdpa").withHalf(true, false);
        try (NDManager m = NDManager.newBaseManager("PyTorch");
             SdModel fromHalfFile = SdModelLoader.load(TINY.resolve("tiny-fp16.safetensors"), m, kept);
             SdModel castAtLoad = SdModelLoader.load(TINY.resolve("tiny-fp32.safetensors"), m,
                     LoadOptions.defaults().withHalf(true, false));
             SdModel upcastFp16File = SdModelLoader.load(TINY.resolve("tiny-fp16.safetensors"), m, LoadOptions.defaults())) {
            JniUtils.setGradMode(false);
            // the fp16 file holds the fp16 roundings of the fp32 file: same fp16 UNet either way
            assertThat(unet(fromHalfFile, m, c).toFloatArray()).containsExactly(unet(castAtLoad, m, c).toFloatArray());
            // --no-half-vae: the fp16-stored VAE is upcast to fp32 at load, exactly like the CPU read does
            NDArray z = npy(m, c.resolve("vae_dec_in.npy"));
            assertThat(fromHalfFile.vae().decode(z).toFloatArray())
                    .containsExactly(upcastFp16File.vae().decode(z).toFloatArray());
        }
    }
}
