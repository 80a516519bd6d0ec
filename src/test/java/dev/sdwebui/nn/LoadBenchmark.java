package dev.sdwebui.nn;

import ai.djl.ndarray.NDManager;
import dev.sdwebui.model.detect.CheckpointLoader;
import dev.sdwebui.model.detect.LoadedCheckpoint;
import dev.sdwebui.model.io.LdmTopology;
import dev.sdwebui.model.io.ReadOptions;
import dev.sdwebui.model.io.StoredDType;
import dev.sdwebui.model.io.SyntheticCheckpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Time from file to a ready {@link SdModel} for the SD 1.5-shaped random fp16 safetensors (2.1 GB, the one
 * {@code ./bench.sh attention} uses; written once if missing), with the default fp32 upcast: read+convert,
 * then build, then a second load in the same JVM (allocator pages reused). Random content on purpose: a
 * sparse zero-filled file measures the kernel's hole handling, not a user's checkpoint.
 * Run: {@code ./bench.sh load} (env BENCH_CKPT=FILE, BENCH_LOAD_THREADS=1,2 to compare read threads).
 */
@Tag("bench")
class LoadBenchmark {

    @Test
    void loadSd15Fp16() throws Exception {
        Path f = Path.of(env("BENCH_CKPT", "/tmp/sdwebui-bench-sd15-random-fp16.safetensors"));
        if (!Files.exists(f)) {
            Path tmp = f.resolveSibling(f.getFileName() + ".part");
            SyntheticCheckpoint.write(tmp, LdmTopology.sd15(), StoredDType.F16, SyntheticCheckpoint.Content.RANDOM, 1);
            Files.move(tmp, f);
        }
        String threads = env("BENCH_LOAD_THREADS", String.valueOf(ReadOptions.defaults().threads()));
        for (String t : threads.split(",")) {
            LoadOptions options = new LoadOptions(ReadOptions.defaults().withThreads(Integer.parseInt(t.trim())), "sdpa");
            for (int i = 0; i < 2; i++) {
                try (NDManager m = NDManager.newBaseManager("PyTorch")) {
                    long t0 = System.nanoTime();
                    LoadedCheckpoint ck = CheckpointLoader.load(f, m, options.read());
                    long t1 = System.nanoTime();
                    try (SdModel model = SdModelLoader.build(ck.weights(), ck.detection().family(), ck, options)) {
                        long t2 = System.nanoTime();
                        System.out.printf("load %s (%.2f GB fp16, %s load in this JVM, %s read threads) -> ready SdModel"
                                        + " in %.2f s (read+convert %.2f s, build %.2f s), RSS %d MB, load avg %s%n",
                                f.getFileName(), Files.size(f) / 1e9, i == 0 ? "first" : "second", t.trim(),
                                (t2 - t0) / 1e9, (t1 - t0) / 1e9, (t2 - t1) / 1e9, rssMb(),
                                Files.readString(Path.of("/proc/loadavg")).trim());
                    }
                }
            }
        }
    }

    private static String env(String name, String def) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? def : v.trim();
    }

    private static long rssMb() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
            }
        }
        return -1;
    }
}
