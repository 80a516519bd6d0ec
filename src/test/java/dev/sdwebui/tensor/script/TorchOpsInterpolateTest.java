package dev.sdwebui.tensor.script;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The hires-fix latent upscale modes against {@code torch.nn.functional.interpolate} (torch 2.13,
 * values computed offline) on x = arange(24).reshape(1, 2, 3, 4) ** 1.5 / 7, downscaled to 2x3.
 */
class TorchOpsInterpolateTest {

    private static NDManager manager;
    private static TorchOps ops;

    @BeforeAll
    static void setUp() {
        manager = NDManager.newBaseManager("PyTorch");
        JniUtils.setGradMode(false);
        ops = TorchOps.load(manager);
    }

    @AfterAll
    static void tearDown() {
        ops.close();
        manager.close();
    }

    private static NDArray input() {
        float[] v = new float[24];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (Math.pow(i, 1.5) / 7);
        }
        return manager.create(v, new Shape(1, 2, 3, 4));
    }

    private static void check(String mode, boolean aa, double... want) {
        float[] got = ops.interpolate(input(), 2, 3, mode, aa).toFloatArray();
        assertThat(got).hasSize(want.length);
        for (int i = 0; i < want.length; i++) {
            assertThat((double) got[i]).as("%s aa=%s [%d]", mode, aa, i).isCloseTo(want[i], org.assertj.core.data.Offset.offset(2e-4));
        }
    }

    @Test
    void everyModeMatchesTorch() {
        check("bilinear", false, 0.3225, 0.66719, 1.15313, 2.80709, 3.6026, 4.46077, 6.87052, 7.93261, 9.04187, 12.0264,
                13.29875, 14.61067);
        check("bilinear", true, 0.50647, 0.86405, 1.33123, 2.61711, 3.31023, 4.05793, 7.38007, 8.35409, 9.36709, 11.69436,
                12.82587, 13.99105);
        check("bicubic", false, 0.20985, 0.53186, 1.03417, 2.87393, 3.70613, 4.61249, 6.63453, 7.71525, 8.85542,
                12.18634, 13.50154, 14.86593);
        check("bicubic", true, 0.3572, 0.72506, 1.22469, 2.65471, 3.42951, 4.26462, 7.06288, 8.11574, 9.21477, 11.81139,
                13.05437, 14.33663);
        check("nearest", false, 0.0, 0.14286, 0.40406, 1.14286, 1.59719, 2.09956, 5.93846, 6.69602, 7.48331, 9.14286,
                10.01326, 10.90965);
        check("nearest-exact", false, 0.0, 0.40406, 0.74231, 3.23249, 4.51754, 5.21184, 5.93846, 7.48331, 8.29925,
                12.77753, 14.74131, 15.75773);
    }

    @Test
    void upscaleShapeAndBadMode() {
        assertThat(ops.interpolate(input(), 5, 7, "bicubic", true).getShape()).isEqualTo(new Shape(1, 2, 5, 7));
        assertThatThrownBy(() -> ops.interpolate(input(), 2, 2, "area", false)).isInstanceOf(IllegalArgumentException.class);
    }
}
