package dev.sdwebui.model.io;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Benchmark, not a test (tag "bench", excluded from the default run): time to read the 2.13 GB fp16
 * SD 1.5-shaped file into ready fp32 tensors, and the process RSS after it.
 *
 * <pre>
 * LD_PRELOAD=/usr/lib/x86_64-linux-gnu/libtcmalloc_minimal.so.4 ./mvnw -o -q test \
 *   -Dtest=LoadBenchmark -Dsurefire.excludedGroups=none -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 * The file is generated once under {@code $TMPDIR/sdwebui-bench/} (seeded random weights) and reused;
 * the timed reads find it in the page cache (warm), which is the usual case right after a download or
 * a model switch; a cold read adds disk time on top.
 */
@Tag("bench")
class LoadBenchmark {

    @Test
    void sd15Fp16ToReadyFp32() throws Exception {
        Path dir = Path.of(System.getProperty("java.io.tmpdir"), "sdwebui-bench");
        Files.createDirectories(dir);
        Path file = dir.resolve("sd15-fp16-random.safetensors");
        if (!Files.exists(file)) {
            long t0 = System.nanoTime();
            SyntheticCheckpoint.write(file, LdmTopology.sd15(), StoredDType.F16, SyntheticCheckpoint.Content.RANDOM, 42);
            System.out.printf(Locale.ROOT, "generated %s (%.2f GB) in %.1f s%n", file, Files.size(file) / 1e9,
                    (System.nanoTime() - t0) / 1e9);
        }
        System.out.printf(Locale.ROOT, "file %.3f GB, RSS before %.0f MB%n", Files.size(file) / 1e9, rssMb());
        ioBaseline(file);
        try (NDManager root = NDManager.newBaseManager()) {
            for (int run = 0; run < 3; run++) {
                long t0 = System.nanoTime();
                double cpu0 = cpuSeconds();
                try (StateDict sd = WeightsReader.read(file, root, ReadOptions.defaults())) {
                    double s = (System.nanoTime() - t0) / 1e9;
                    long fp32Bytes = 0;
                    for (NDArray a : sd.asMap().values()) {
                        fp32Bytes += a.getDataType() == DataType.FLOAT32 ? a.size() * 4 : 0;
                    }
                    System.out.printf(Locale.ROOT, "run %d: %d tensors, %.2f GB fp32 ready in %.2f s wall, %.2f s CPU"
                            + " (load average %s); %s%n", run, sd.size(), fp32Bytes / 1e9, s,
                            cpuSeconds() - cpu0, loadAverage(), rss());
                }
                System.out.printf(Locale.ROOT, "  after close: %s%n", rss());
            }
        }
    }

    /** The I/O floor: every tensor's bytes read (pread) into one reused direct buffer, no tensors made. */
    private static void ioBaseline(Path file) throws Exception {
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file)) {
            SafetensorsReader.Header h = SafetensorsReader.readHeader(file, ch);
            java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocateDirect(200 << 20);
            long t0 = System.nanoTime();
            double cpu0 = cpuSeconds();
            for (SafetensorsReader.Entry e : h.entries().values()) {
                buf.clear().limit((int) e.length());
                long pos = h.dataStart() + e.begin();
                while (buf.hasRemaining()) {
                    ch.read(buf, pos + buf.position());
                }
            }
            System.out.printf(Locale.ROOT, "I/O floor (pread of all tensors, page cache warm): %.2f s wall, %.2f s CPU%n",
                    (System.nanoTime() - t0) / 1e9, cpuSeconds() - cpu0);
        }
    }

    /** User + system CPU time of this process (all threads), from /proc/self/stat (clock ticks of 10 ms). */
    static double cpuSeconds() throws IOException {
        String stat = Files.readString(Path.of("/proc/self/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
    }

    static String loadAverage() throws IOException {
        return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    }

    static double rssMb() throws IOException {
        return statusMb("VmRSS:");
    }

    /** "RSS 4400 MB (anon 4300, file 100, of which anon huge pages 4000)". */
    static String rss() throws IOException {
        return String.format(Locale.ROOT, "RSS %.0f MB (anon %.0f, file %.0f; anon huge pages %.0f)", statusMb("VmRSS:"),
                statusMb("RssAnon:"), statusMb("RssFile:"), smapsMb("AnonHugePages:"));
    }

    private static double statusMb(String field) throws IOException {
        return kbLine(Path.of("/proc/self/status"), field);
    }

    private static double smapsMb(String field) throws IOException {
        return kbLine(Path.of("/proc/self/smaps_rollup"), field);
    }

    private static double kbLine(Path p, String field) throws IOException {
        for (String line : Files.readAllLines(p)) {
            if (line.startsWith(field)) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
            }
        }
        return -1;
    }
}
