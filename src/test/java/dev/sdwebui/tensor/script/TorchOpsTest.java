package dev.sdwebui.tensor.script;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TorchOpsTest {

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

    private static float maxDiff(NDArray a, NDArray b) {
        return a.sub(b).abs().max().getFloat();
    }

    @Test
    void siluMatchesComposite() {
        try (NDManager m = manager.newSubManager()) {
            NDArray x = m.randomNormal(new Shape(2, 8, 5, 5));
            assertThat(maxDiff(ops.silu(x), x.mul(x.getNDArrayInternal().sigmoid()))).isLessThan(1e-6f);
        }
    }

    @Test
    void groupNormMatchesManualMeanVariance() {
        try (NDManager m = manager.newSubManager()) {
            NDArray x = m.randomNormal(new Shape(2, 8, 3, 3));
            NDArray w = m.randomNormal(new Shape(8));
            NDArray b = m.randomNormal(new Shape(8));
            NDArray g = x.reshape(2, 4, -1);
            NDArray mean = g.mean(new int[] {2}, true);
            NDArray var = g.sub(mean).square().mean(new int[] {2}, true);
            NDArray expect = g.sub(mean).div(var.add(1e-5).sqrt()).reshape(2, 8, 3, 3)
                    .mul(w.reshape(1, 8, 1, 1)).add(b.reshape(1, 8, 1, 1));
            assertThat(maxDiff(ops.groupNorm(x, 4, w, b, 1e-5), expect)).isLessThan(1e-5f);
            NDArray gs = ops.groupNormSilu(x, 4, w, b, 1e-5);
            assertThat(maxDiff(gs, ops.silu(expect))).isLessThan(1e-5f);
        }
    }

    @Test
    void sdpaMatchesPlainAttention() {
        try (NDManager m = manager.newSubManager()) {
            NDArray q = m.randomNormal(new Shape(2, 3, 7, 4));
            NDArray k = m.randomNormal(new Shape(2, 3, 5, 4));
            NDArray v = m.randomNormal(new Shape(2, 3, 5, 4));
            NDArray expect = q.matMul(k.transpose(0, 1, 3, 2)).div(2.0).softmax(3).matMul(v);
            assertThat(maxDiff(ops.sdpa(q, k, v, false), expect)).isLessThan(1e-5f);
        }
    }

    @Test
    void convLinearGegluUpsampleAndBf16Run() {
        try (NDManager m = manager.newSubManager()) {
            NDArray x = m.randomNormal(new Shape(1, 4, 6, 6));
            NDArray w = m.randomNormal(new Shape(8, 4, 3, 3));
            NDArray b = m.randomNormal(new Shape(8));
            assertThat(ops.conv2d(x, w, b, 1, 1).getShape()).isEqualTo(new Shape(1, 8, 6, 6));
            assertThat(ops.conv2dPadBottomRightStride2(x, w, b).getShape()).isEqualTo(new Shape(1, 8, 3, 3));
            assertThat(ops.upsampleNearest2x(x).getShape()).isEqualTo(new Shape(1, 4, 12, 12));
            // 4->8 3x3 in bf16: the plain NCHW kernel is wrong on AMD Zen 4/5 (KernelChecks), the channels-last
            // one is right on every CPU; a 16->16 conv is right both ways
            NDArray ref = ops.conv2d(x, w, b, 1, 1);
            NDArray cl = ops.conv2dBf16ChannelsLast(x, ops.toBf16ChannelsLast(w), ops.toBf16(b), 1, 1);
            assertThat(cl.getShape()).isEqualTo(ref.getShape());
            assertThat(KernelChecks.relErr(cl, ref)).isLessThan(0.02);
            NDArray x16 = m.randomNormal(new Shape(1, 16, 6, 6));
            NDArray w16 = m.randomNormal(new Shape(16, 16, 3, 3)).div(12);
            NDArray b16 = m.randomNormal(new Shape(16));
            NDArray bf = ops.conv2dBf16(x16, ops.toBf16(w16), ops.toBf16(b16), 1, 1);
            assertThat(KernelChecks.relErr(bf, ops.conv2d(x16, w16, b16, 1, 1))).isLessThan(0.02);
            NDArray clIn = ops.channelsLast(x16);
            NDArray clOut = ops.conv2dBf16ChannelsLast(clIn, ops.toBf16ChannelsLast(w16), ops.toBf16(b16), 1, 1);
            assertThat(KernelChecks.relErr(ops.contiguous(clOut), ops.conv2d(x16, w16, b16, 1, 1))).isLessThan(0.02);
            NDArray h = m.randomNormal(new Shape(2, 3, 10));
            NDArray gg = ops.geglu(h);
            NDArray a = h.get(":, :, 0:5");
            NDArray gate = h.get(":, :, 5:10");
            assertThat(maxDiff(gg, a.mul(ops.gelu(gate)))).isLessThan(1e-6f);
            NDArray lw = m.randomNormal(new Shape(6, 10));
            assertThat(ops.linear(h, lw, null).getShape()).isEqualTo(new Shape(2, 3, 6));
            assertThat(ops.quickGelu(h).getShape()).isEqualTo(h.getShape());
            assertThat(ops.geluTanh(h).getShape()).isEqualTo(h.getShape());
        }
    }

    @Test
    void callOverheadIsSmall() {
        try (NDManager m = manager.newSubManager()) {
            NDArray x = m.ones(new Shape(1));
            for (int i = 0; i < 2000; i++) {
                ops.identity(x).close();
            }
            long t0 = System.nanoTime();
            int n = 5000;
            for (int i = 0; i < n; i++) {
                ops.identity(x).close();
            }
            double us = (System.nanoTime() - t0) / 1e3 / n;
            System.out.printf("TorchOps call overhead: %.2f us%n", us);
            assertThat(us).isLessThan(200);
        }
    }
}
