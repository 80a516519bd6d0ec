package dev.sdwebui.postprocess.upscale;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import dev.sdwebui.tensor.script.TorchOps;
import dev.sdwebui.testsupport.Npy;
import dev.sdwebui.testsupport.SharedReference;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Each upscale-tiny model, read through the real loader (wrappers, key layouts, fp16 upcast, detection),
 * against the reference module's direct forward on the same BGR input (components/: no padding, no clamp).
 */
class UpscaleNetParityTest {

    private static NDManager manager;
    private static TorchOps ops;
    private static Path dir;

    @BeforeAll
    static void setUp() {
        dir = SharedReference.sharedDir().resolve("reference/upscale-tiny");
        manager = NDManager.newBaseManager("PyTorch");
        JniUtils.setGradMode(false);
        ops = TorchOps.load(manager);
    }

    @AfterAll
    static void tearDown() {
        if (ops != null) {
            ops.close();
        }
        if (manager != null) {
            manager.close();
        }
    }

    static NDArray npy(NDManager m, Path p) {
        Npy n = Npy.read(p);
        return m.create(n.floats(), new Shape(n.shape()));
    }

    @ParameterizedTest
    @CsvSource({"esrgan-old-4x, ESRGAN, 4", "realesrgan-new-4x, ESRGAN, 4", "realesrgan-new-2x, ESRGAN, 2",
        "srvgg-compact-4x, Compact, 4", "swinir-tiny-4x, SwinIR, 4", "scunet-tiny, SCUNet, 1"})
    void forwardMatchesTheReferenceModule(String model, String arch, int scale) throws Exception {
        try (NDManager m = manager.newSubManager();
             UpscaleModel up = UpscaleModelLoader.load(dir.resolve("models/" + model + ".pth"), ops, m, false)) {
            assertThat(up.architecture()).isEqualTo(arch);
            assertThat(up.scale()).isEqualTo(scale);
            NDArray in = npy(m, dir.resolve("cases/components/in_bgr.npy"));
            NDArray want = npy(m, dir.resolve("cases/components/" + model + "_out_bgr.npy"));
            NDArray got = up.net().forward(in);
            assertThat(got.getShape()).isEqualTo(want.getShape());
            NDArray diff = got.sub(want).abs();
            float err = diff.max().getFloat();
            assertThat(err).as("max abs error of %s", model).isLessThan(1e-4f);
        }
    }
}
