package dev.sdwebui.pipeline;

import dev.sdwebui.model.io.LdmTopology;
import dev.sdwebui.model.io.StoredDType;
import dev.sdwebui.model.io.SyntheticCheckpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * One txt2img on an SD 1.5-shaped random fp16 checkpoint (upcast to fp32 at load), through the queue,
 * timing text encoding, sampling and VAE decode separately. Not a test: {@code ./bench.sh txt2img
 * [size=512] [steps=20]} (env BENCH_SIZE, BENCH_STEPS, BENCH_RUNS, BENCH_DTYPE=fp32|bf16 for --cpu-bf16). Random weights give a noise image;
 * the timings are what matter (the NaN check is off: random weights may overflow).
 */
@Tag("bench")
class Txt2ImgBenchmark {

    @Test
    void txt2img() throws Exception {
        int size = Integer.parseInt(env("BENCH_SIZE", "512"));
        int steps = Integer.parseInt(env("BENCH_STEPS", "20"));
        int runs = Integer.parseInt(env("BENCH_RUNS", "1"));
        Path dir = Files.createTempDirectory("sdwebui-bench");
        Path ckpt = dir.resolve("sd15-random-fp16.safetensors");
        long t0 = System.nanoTime();
        SyntheticCheckpoint.write(ckpt, LdmTopology.sd15(), StoredDType.F16, SyntheticCheckpoint.Content.RANDOM, 1);
        System.out.printf("bench: wrote %s (%d MB) in %.1f s%n", ckpt.getFileName(), Files.size(ckpt) >> 20,
                (System.nanoTime() - t0) / 1e9);
        boolean bf16 = "bf16".equals(env("BENCH_DTYPE", "fp32"));
        dev.sdwebui.nn.LoadOptions load = new dev.sdwebui.nn.LoadOptions(dev.sdwebui.model.io.ReadOptions.defaults(), "sdpa",
                false, bf16);
        try (PipelineFixture fx = new PipelineFixture(dir, ckpt, h -> h, false, load)) {
            for (int i = 0; i < runs; i++) {
                GenerationRequest r = new GenerationRequest("a photograph of an astronaut riding a horse", "blurry",
                        List.of(), 1, -1, 0, 0, 0, "Euler", null, 1, 1, steps, 7.0, size, size, false, false, true, true,
                        null, Map.of("randn_source", "CPU", "show_progress_every_n_steps", -1), false);
                long w0 = System.nanoTime();
                GenerationResult res = fx.run(r);
                double wall = (System.nanoTime() - w0) / 1e9;
                PhaseTimings t = res.timings();
                System.out.printf("bench txt2img %s %dx%d, %d steps Euler, CFG 7 (run %d): wall %.1f s = model load %.1f s,"
                                + " text encoding %.2f s, sampling %.1f s (%.2f s/step), VAE decode %.1f s, output %.2f s%n",
                        bf16 ? "bf16" : "fp32", size, size, steps, i + 1, wall, t.modelLoadMs() / 1e3, t.textMs() / 1e3, t.samplingMs() / 1e3,
                        t.samplingMs() / 1e3 / steps, t.decodeMs() / 1e3, t.outputMs() / 1e3);
            }
        } finally {
            Files.deleteIfExists(ckpt);
        }
    }

    private static String env(String key, String fallback) {
        String v = System.getenv(key);
        return v == null || v.isBlank() ? fallback : v;
    }
}
