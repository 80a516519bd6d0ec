package dev.sdwebui.tensor.script;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Interleaved A/B of one SD-sized conv: DJL's native op against the ops module (contention-fair). */
@Tag("bench")
class TorchOpsOverheadBenchmark {

    @Test
    void convDjlVersusScript() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            JniUtils.setGradMode(false);
            boolean optimize = !"false".equals(System.getenv("BENCH_GRAPH_OPT"));
            JniUtils.setGraphExecutorOptimize(optimize);
            try (TorchOps ops = TorchOps.load(m)) {
                NDArray x = m.randomNormal(new Shape(2, 320, 32, 32));
                NDArray w = m.randomNormal(new Shape(320, 320, 3, 3));
                NDArray b = m.randomNormal(new Shape(320));
                double djl = 0;
                double script = 0;
                for (int i = 0; i < 40; i++) {
                    long t0 = System.nanoTime();
                    JniUtils.convolution((PtNDArray) x, (PtNDArray) w, (PtNDArray) b, new Shape(1, 1), new Shape(1, 1),
                            new Shape(1, 1), 1).close();
                    long t1 = System.nanoTime();
                    ops.conv2d(x, w, b, 1, 1).close();
                    long t2 = System.nanoTime();
                    if (i >= 5) {
                        djl += (t1 - t0) / 1e6;
                        script += (t2 - t1) / 1e6;
                    }
                }
                System.out.printf("conv 2x320x32x32 3x3 (optimize=%s): DJL %.2f ms, script %.2f ms%n", optimize, djl / 35, script / 35);
            }
        }
    }
}
