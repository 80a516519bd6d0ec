package dev.sdwebui.nn.attention;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import dev.sdwebui.device.AttentionMode;
import dev.sdwebui.model.io.ReadOptions;
import dev.sdwebui.nn.LoadOptions;
import dev.sdwebui.nn.SdModel;
import dev.sdwebui.nn.SdModelLoader;
import dev.sdwebui.testsupport.Npy;
import dev.sdwebui.testsupport.SharedReference;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The whole UNet gives the same output with every cross-attention optimization as with plain
 * attention (within 1e-4 relative) on the reference components, with one model whose backend is
 * switched at run time (the setting path). The split backends run with settings small enough to
 * really split these tiny attentions: Doggettx sees 150 kB free, sub-quadratic chunks of 8 queries
 * and 4 keys.
 */
@org.junit.jupiter.api.Tag("slow")
class BackendUNetParityTest {

    private static NDManager manager;
    private static SdModel model;
    private static Path cases;
    private static final AtomicReference<AttentionMode> MODE = new AtomicReference<>(AttentionMode.NONE);

    @BeforeAll
    static void load() throws Exception {
        Path tiny = SharedReference.sharedDir().resolve("reference/sd1-tiny");
        cases = tiny.resolve("cases");
        manager = NDManager.newBaseManager("PyTorch");
        JniUtils.setGradMode(false);
        AttentionEnvironment env = new AttentionEnvironment(false, false, () -> 150_000L, new SubQuadChunks(8, 4, 0));
        LoadOptions opts = new LoadOptions(ReadOptions.defaults(), "sdpa").withDevice(
                ops -> new SwitchableAttention(MODE::get, m -> AttentionBackends.create(m, ops, env)), false, null);
        model = SdModelLoader.load(tiny.resolve("tiny-fp32.safetensors"), manager, opts);
    }

    @AfterAll
    static void close() {
        if (model != null) {
            model.close();
        }
        if (manager != null) {
            manager.close();
        }
    }

    private static NDArray npy(NDManager m, Path p) {
        Npy n = Npy.read(p);
        return m.create(n.floats(), new Shape(n.shape()));
    }

    private static NDArray unet(NDManager m, Path c, AttentionMode mode) {
        MODE.set(mode);
        return model.unet().forward(npy(m, c.resolve("unet_x.npy")), npy(m, c.resolve("unet_t.npy")),
                npy(m, c.resolve("unet_context.npy")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"components-64x64", "components-128x64", "components-64x128"})
    void everyModeMatchesPlain(String name) {
        Path c = cases.resolve(name);
        try (NDManager m = manager.newSubManager()) {
            NDArray plain = unet(m, c, AttentionMode.NONE);
            NDArray reference = npy(m, c.resolve("unet_out.npy"));
            assertThat(AttentionBackendsTest.relErr(plain, reference)).isLessThan(name.equals("components-64x64") ? 1e-3 : 1e-4);
            for (AttentionMode mode : AttentionMode.values()) {
                double err = AttentionBackendsTest.relErr(unet(m, c, mode), plain);
                System.out.printf("unet %s %s vs plain: rel err %.3g%n", name, mode.title(), err);
                assertThat(err).as(mode.title()).isLessThan(1e-4);
            }
        }
    }
}
