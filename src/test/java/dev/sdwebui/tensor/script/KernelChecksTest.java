package dev.sdwebui.tensor.script;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The --cpu-bf16 self-test: every conv/linear/SDPA configuration computes within bf16 rounding of fp32 on
 * the machine the test runs on, whichever kernel that takes; and a kernel that computes wrong is never kept.
 */
class KernelChecksTest {

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

    /**
     * The configurations SD uses, among them those whose plain NCHW bf16 conv is wrong on AMD Zen 4/5
     * (3x3 with an output channel count not a multiple of 16: the UNet's out.2 320->4, the VAE's conv_out
     * 128->3, tiny models' 4->8): the chosen kernel must be right. Fails there without the channels-last
     * fallback (the plain kernel is 20-50% off).
     */
    @ParameterizedTest
    @CsvSource({"320,4,3,1,1", "128,3,3,1,1", "4,8,3,1,1", "32,4,3,1,1", "4,320,3,1,1", "64,64,3,2,1",
        "320,320,1,1,0", "8,8,1,1,0", "4,12,3,1,1"})
    void everyConvConfigurationComputesCloseToFp32(int in, int out, int k, int stride, int pad) {
        try (NDManager m = manager.newSubManager()) {
            NDArray w = m.randomNormal(new Shape(out, in, k, k)).div(Math.sqrt(in * k * k));
            NDArray b = m.randomNormal(new Shape(out));
            KernelChecks kernels = new KernelChecks(ops);
            KernelChecks.Conv conv = kernels.conv(w, b, stride, pad);
            for (Shape xs : List.of(new Shape(2, in, 32, 24), new Shape(1, in, 64, 64))) {
                NDArray x = m.randomNormal(xs);
                double err = KernelChecks.relErr(conv.forward(x), ops.conv2d(x, w, b, stride, pad));
                assertThat(err).as("%s on %s via %s", kernels.verdicts(), xs, conv.kernel().name())
                        .isLessThan(KernelChecks.TOLERANCE);
            }
            System.out.printf("bf16 conv %d->%d k%d: %s%n", in, out, k, conv.kernel().name());
        }
    }

    @Test
    void aWrongKernelIsReplacedByTheNextCandidateAndTheVerdictIsRemembered() {
        ConvKernel wrong = new ConvKernel.Simple("broken", ops::toBf16, ops::toBf16,
                (x, w, b, s, p) -> ops.conv2dBf16(x, w, b, s, p).mul(1.25)); // a 25% error, like the AMD bug
        KernelChecks kernels = new KernelChecks(ops, List.of(wrong, ConvKernel.bf16ChannelsLast(ops)), List.of());
        try (NDManager m = manager.newSubManager()) {
            NDArray w = m.randomNormal(new Shape(4, 16, 3, 3)).div(12);
            NDArray b = m.randomNormal(new Shape(4));
            KernelChecks.Conv conv = kernels.conv(w, b, 1, 1);
            assertThat(conv.kernel().name()).isEqualTo("bf16 channels-last");
            assertThat(kernels.verdicts()).containsEntry("conv 16->4 k3x3 s1 p1", "bf16 channels-last");
            NDArray x = m.randomNormal(new Shape(1, 16, 20, 20));
            assertThat(KernelChecks.relErr(conv.forward(x), ops.conv2d(x, w, b, 1, 1))).isLessThan(0.01);
            // the second conv of the same configuration takes the verdict without testing the broken kernel
            assertThat(kernels.conv(w, b, 1, 1).kernel().name()).isEqualTo("bf16 channels-last");
        }
    }

    @Test
    void whenEveryBf16KernelIsWrongTheConvAndLinearComputeInFp32Exactly() {
        ConvKernel wrongConv = new ConvKernel.Simple("broken", ops::toBf16, ops::toBf16,
                (x, w, b, s, p) -> ops.conv2dBf16(x, w, b, s, p).neg());
        LinearKernel wrongLinear = new LinearKernel.Simple("broken", ops::toBf16,
                (x, w, b) -> ops.linearBf16(x, w, b).add(1));
        KernelChecks kernels = new KernelChecks(ops, List.of(wrongConv), List.of(wrongLinear));
        try (NDManager m = manager.newSubManager()) {
            NDArray w = m.randomNormal(new Shape(8, 8, 3, 3));
            NDArray b = m.randomNormal(new Shape(8));
            NDArray x = m.randomNormal(new Shape(1, 8, 9, 9));
            KernelChecks.Conv conv = kernels.conv(w, b, 1, 1);
            assertThat(conv.kernel().name()).isEqualTo("fp32");
            assertThat(conv.forward(x).sub(ops.conv2d(x, w, b, 1, 1)).abs().max().getFloat()).isZero();
            NDArray lw = m.randomNormal(new Shape(6, 10));
            NDArray h = m.randomNormal(new Shape(2, 3, 10));
            KernelChecks.Linear lin = kernels.linear(lw, null);
            assertThat(lin.kernel().name()).isEqualTo("fp32");
            assertThat(lin.forward(h).sub(ops.linear(h, lw, null)).abs().max().getFloat()).isZero();
        }
    }

    @ParameterizedTest
    @CsvSource({"320,320,true", "768,320,false", "320,1280,true", "10,6,false", "1280,4,true"})
    void linearComputesCloseToFp32(int in, int out, boolean bias) {
        try (NDManager m = manager.newSubManager()) {
            NDArray w = m.randomNormal(new Shape(out, in)).div(Math.sqrt(in));
            NDArray b = bias ? m.randomNormal(new Shape(out)) : null;
            KernelChecks.Linear lin = new KernelChecks(ops).linear(w, b);
            NDArray x = m.randomNormal(new Shape(2, 77, in));
            assertThat(KernelChecks.relErr(lin.forward(x), ops.linear(x, w, b))).isLessThan(KernelChecks.TOLERANCE);
        }
    }

    @Test
    void sdpaComputesCloseToFp32AndTestsEachShapeOnce() {
        KernelChecks kernels = new KernelChecks(ops);
        try (NDManager m = manager.newSubManager()) {
            NDArray q = m.randomNormal(new Shape(2, 8, 256, 40));
            NDArray k = m.randomNormal(new Shape(2, 8, 77, 40));
            NDArray v = m.randomNormal(new Shape(2, 8, 77, 40));
            NDArray y = kernels.sdpa(q, k, v, false);
            assertThat(KernelChecks.relErr(y, ops.sdpa(q, k, v, false))).isLessThan(KernelChecks.TOLERANCE);
            assertThat(kernels.verdicts()).containsKey("sdpa N256 M77 d40");
            assertThat(kernels.sdpa(q, k, v, false).getShape()).isEqualTo(q.getShape());
            assertThat(kernels.verdicts()).hasSize(1);
        }
    }

    /**
     * fp32 convs agree with float64 whatever their shape. 40->32, 24->24 and 20->32 3x3 are the shapes whose NCHW
     * kernel is wrong (up to NaN) on AMD Zen: this fails there without the channels-last fallback.
     */
    @ParameterizedTest
    @CsvSource({"40,32,3,1,1", "24,24,3,1,1", "20,32,3,1,1", "320,320,3,1,1", "4,320,3,1,1", "9,320,3,1,1",
        "320,4,3,1,1", "64,64,3,2,1", "8,8,1,1,0", "40,32,1,1,0"})
    void everyFp32ConvConfigurationAgreesWithFloat64(int in, int out, int k, int stride, int pad) {
        try (NDManager m = manager.newSubManager()) {
            NDArray w = m.randomNormal(new Shape(out, in, k, k)).div(Math.sqrt(in * k * k));
            NDArray b = m.randomNormal(new Shape(out));
            KernelChecks kernels = new KernelChecks(ops);
            KernelChecks.Conv conv = kernels.fp32Conv(w, b, stride, pad);
            assertThat(conv.ownsCopies()).as("fp32 kernels use the model's own weights").isFalse();
            NDArray x = m.randomNormal(new Shape(1, in, 48, 40));
            double err = KernelChecks.relErr(conv.forward(x), ops.conv2dFloat64(x, w, b, stride, pad));
            assertThat(err).as("%s via %s", kernels.verdicts(), conv.kernel().name()).isLessThan(1e-5);
            System.out.printf("fp32 conv %d->%d k%d: %s%n", in, out, k, conv.kernel().name());
        }
    }
}
