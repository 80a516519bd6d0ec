package dev.sdwebui.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import dev.sdwebui.model.detect.UNetTopology;
import dev.sdwebui.model.io.StateDict;
import dev.sdwebui.nn.attention.AttentionBackend;
import dev.sdwebui.nn.attention.PlainAttention;
import dev.sdwebui.nn.attention.SdpaAttention;
import dev.sdwebui.nn.unet.UNet;
import dev.sdwebui.tensor.script.TorchOps;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * One CFG step (UNet at batch 2, 77x768 context) with SD 1.5 shapes and random weights, beside
 * the fp32 FLOP bound (performance.md: 803 GFLOP/sample at 512, 180 at 256; 439 GFLOP/s peak).
 * Run: {@code ./bench.sh step} (env BENCH_SIZES=256,512, BENCH_ITERS=2, BENCH_ATTENTION=sdpa|plain, BENCH_LAYOUT=nchw|nhwc|both, BENCH_DTYPE=fp32|bf16).
 * Besides wall time it prints the process CPU seconds per step: on a shared machine wall time
 * includes waiting for cores, while CPU time / threads estimates the uncontended step.
 */
@Tag("bench")
class UNetStepBenchmark {

    private static final double PEAK_GFLOPS = 439;
    /** The fp32 peak the inference-core issue quotes for this machine (its ">= 50% of peak" target). */
    private static final double ISSUE_PEAK_GFLOPS = 384;

    @Test
    void step() throws Exception {
        String attention = setting("BENCH_ATTENTION", "sdpa");
        int iters = Integer.parseInt(setting("BENCH_ITERS", "2"));
        String[] sizes = setting("BENCH_SIZES", "256,512").split(",");
        try (NDManager root = NDManager.newBaseManager("PyTorch")) {
            JniUtils.setGradMode(false);
            if ("false".equals(System.getenv("BENCH_GRAPH_OPT"))) {
                JniUtils.setGraphExecutorOptimize(false);
            }
            NDManager wm = root.newSubManager();
            Map<String, long[]> shapes = Sd15KeySet.unetOnly();
            Map<String, NDArray> tensors = new HashMap<>();
            long t0 = System.nanoTime();
            JniUtils.setSeed(0);
            shapes.forEach((k, s) -> tensors.put(k, randomWeight(wm, k, s)));
            System.out.printf("random SD1.5 UNet weights: %d tensors in %.1f s, RSS %d MB%n", tensors.size(),
                    (System.nanoTime() - t0) / 1e9, rssMb());
            try (StateDict sd = StateDict.owning(wm, tensors, Map.of()); TorchOps ops = TorchOps.load(root)) {
                AttentionBackend backend = attention.equals("plain") ? new PlainAttention() : new SdpaAttention(ops);
                UNetTopology topo = UNetTopology.fromShapes(shapes, "model.diffusion_model.");
                String layout = setting("BENCH_LAYOUT", "nchw");
                for (String size : sizes) {
                    for (String l : layout.equals("both") ? new String[] {"nchw", "nhwc", "nchw", "nhwc"} : new String[] {layout}) {
                        boolean bf16 = "bf16".equals(setting("BENCH_DTYPE", "fp32"));
                        UNet unet = new UNet(new NnRuntime(ops, backend, l.equals("nhwc"), bf16),
                                Weights.of(sd::find).at("model.diffusion_model"), topo);
                        run(root, unet, Integer.parseInt(size.trim()), iters, attention + "/" + l + (bf16 ? "/bf16" : "/fp32"));
                    }
                }
            }
        }
    }

    private static void run(NDManager root, UNet unet, int px, int iters, String attention) {
        try (NDManager m = root.newSubManager()) {
            NDArray x = m.randomNormal(new Shape(2, 4, px / 8, px / 8));
            NDArray t = m.create(new float[] {500f, 500f});
            NDArray ctx = m.randomNormal(new Shape(2, 77, 768));
            long w0 = System.nanoTime();
            unet.forward(x, t, ctx).close();
            double warm = (System.nanoTime() - w0) / 1e9;
            double best = Double.MAX_VALUE;
            double sum = 0;
            double cpu0 = cpuSeconds();
            long peakRss = 0;
            for (int i = 0; i < iters; i++) {
                long s = System.nanoTime();
                unet.forward(x, t, ctx).close();
                double sec = (System.nanoTime() - s) / 1e9;
                best = Math.min(best, sec);
                sum += sec;
                peakRss = Math.max(peakRss, rssMb());
            }
            double cpuPerStep = (cpuSeconds() - cpu0) / iters;
            double gflop = 2 * (px == 512 ? 803 : 803.0 * (px * px) / (512.0 * 512.0) * 180 / 200.75);
            double bound = gflop / PEAK_GFLOPS;
            System.out.printf("UNet CFG step (batch 2) %dx%d attention=%s: first %.2f s, best %.2f s, mean %.2f s over %d;"
                    + " CPU %.2f s/step (/%d threads = %.2f s);"
                    + " fp32 bound %.2f s (%.0f GFLOP) -> best %.0f%% / mean %.0f%% of the %.0f GFLOP/s peak"
                    + " (best %.0f%% / mean %.0f%% of %.0f GFLOP/s); RSS %d MB; load avg %s%n",
                    px, px, attention, warm, best, sum / iters, iters, cpuPerStep, JniUtils.getNumThreads(),
                    cpuPerStep / JniUtils.getNumThreads(), bound, gflop, 100 * bound / best, 100 * bound * iters / sum,
                    PEAK_GFLOPS, 100 * gflop / ISSUE_PEAK_GFLOPS / best, 100 * gflop / ISSUE_PEAK_GFLOPS * iters / sum,
                    ISSUE_PEAK_GFLOPS, peakRss, loadAvg());
        }
    }

    /** Conv/linear: U(-1/sqrt(fan_in), 1/sqrt(fan_in)) keeps activations O(1); norms: weight 1, bias 0. */
    private static NDArray randomWeight(NDManager m, String key, long[] s) {
        if (s.length >= 2) {
            long fanIn = 1;
            for (int i = 1; i < s.length; i++) {
                fanIn *= s[i];
            }
            float a = (float) (1 / Math.sqrt(fanIn));
            return m.randomUniform(-a, a, new Shape(s));
        }
        boolean normWeight = key.endsWith(".weight");
        return normWeight ? m.ones(new Shape(s)) : m.zeros(new Shape(s));
    }

    private static String setting(String env, String def) {
        String v = System.getenv(env);
        return v == null || v.isBlank() ? def : v.trim();
    }

    /** utime + stime of this process from /proc/self/stat (clock ticks of 10 ms). */
    private static double cpuSeconds() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
        } catch (Exception e) {
            return Double.NaN;
        }
    }

    private static long rssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
                }
            }
        } catch (Exception e) {
            return -1;
        }
        return -1;
    }

    private static String loadAvg() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (Exception e) {
            return "?";
        }
    }
}
