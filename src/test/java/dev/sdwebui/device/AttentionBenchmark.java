package dev.sdwebui.device;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import dev.sdwebui.model.io.LdmTopology;
import dev.sdwebui.model.io.StoredDType;
import dev.sdwebui.model.io.SyntheticCheckpoint;
import dev.sdwebui.nn.LoadOptions;
import dev.sdwebui.nn.SdModel;
import dev.sdwebui.nn.SdModelLoader;
import dev.sdwebui.nn.attention.AttentionBackends;
import dev.sdwebui.nn.attention.AttentionEnvironment;
import dev.sdwebui.nn.attention.SubQuadChunks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Not a test: {@code ./bench.sh attention}, the seed's table (attention mode x memory mode, batch
 * 1..16) on this machine. Each row runs in a fresh JVM ({@code row}) so its peak RSS is its own; a
 * sampler thread reads VmRSS every 10 ms. {@code table} prints the markdown table and the max pixel
 * difference of each row's batch-1 image against the "none" row (same seed, same sigmas).
 *
 * <p>One iteration = one sampling step for the whole batch: CFG with cond and uncond in one UNet call
 * of 2B (medvram/lowvram: two calls of B, as A1111 with batch_cond_uncond off), Euler update.
 */
public final class AttentionBenchmark {

    private static final float CFG = 7f;

    private AttentionBenchmark() {
    }

    public static void main(String[] a) throws Exception {
        switch (a[0]) {
            case "ckpt" -> ensureCheckpoint(Path.of(a[1]));
            case "row" -> row(a[1], Path.of(a[2]), Path.of(a[3]), Integer.parseInt(a[4]), Integer.parseInt(a[5]),
                    ints(a[6]), Integer.parseInt(a[7]));
            case "table" -> BenchTable.print(Path.of(a[1]), a[2].split(","), a[3], ints(a[4]), a[5]);
            default -> throw new IllegalArgumentException("usage: ckpt FILE | row LABEL OUT CKPT W H BATCHES STEPS | table OUT LABELS");
        }
    }

    static int[] ints(String csv) {
        return java.util.Arrays.stream(csv.split(",")).mapToInt(s -> Integer.parseInt(s.trim())).toArray();
    }

    static void ensureCheckpoint(Path file) throws Exception {
        if (Files.exists(file)) {
            return;
        }
        long t0 = System.nanoTime();
        Path tmp = file.resolveSibling(file.getFileName() + ".part");
        SyntheticCheckpoint.write(tmp, LdmTopology.sd15(), StoredDType.F16, SyntheticCheckpoint.Content.RANDOM, 1);
        Files.move(tmp, file);
        System.out.printf("wrote random SD 1.5-shaped fp16 checkpoint %s (%.1f GB) in %.0f s%n", file,
                Files.size(file) / 1e9, (System.nanoTime() - t0) / 1e9);
    }

    /** Row label -> (attention mode, memory mode). */
    static AttentionMode modeOf(String label) {
        return AttentionMode.parse(label.split("\\+")[0])
                .orElseThrow(() -> new IllegalArgumentException("unknown row " + label));
    }

    static MemoryMode memoryOf(String label) {
        return label.endsWith("+medvram") ? MemoryMode.MEDVRAM : label.endsWith("+lowvram") ? MemoryMode.LOWVRAM
                : MemoryMode.NORMAL;
    }

    static void row(String label, Path out, Path ckpt, int w, int h, int[] batches, int steps) throws Exception {
        SystemMemory mem = SystemMemory.proc();
        AtomicLong peak = new AtomicLong();
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                peak.accumulateAndGet(mem.rssBytes(), Math::max);
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "rss-sampler");
        sampler.setDaemon(true);
        sampler.start();
        AttentionMode mode = modeOf(label);
        MemoryMode memory = memoryOf(label);
        AtomicInteger moves = new AtomicInteger();
        WeightMover counting = new WeightMover() {
            @Override
            public void toDevice(String unit) {
                moves.incrementAndGet();
            }

            @Override
            public void toHost(String unit) {
            }
        };
        ModulePlacer placer = new ModulePlacer(memory, counting);
        AttentionEnvironment env = new AttentionEnvironment(false, false, mem::availableBytes, SubQuadChunks.defaults());
        List<String> cells = new ArrayList<>();
        try (NDManager root = NDManager.newBaseManager("PyTorch");
                SdModel model = SdModelLoader.load(ckpt, root, LoadOptions.defaults()
                        .withDevice(ops -> AttentionBackends.create(mode, ops, env), false, placer))) {
            JniUtils.setGradMode(false);
            long base = mem.rssBytes();
            cells.add(String.format(Locale.ROOT, "base=%.2f", base / 1e9));
            boolean oom = false;
            for (int b : batches) {
                if (oom) {
                    cells.add(b + "=OOM");
                    continue;
                }
                peak.set(mem.rssBytes());
                try {
                    double its = run(model, root, b, w, h, steps, memory != MemoryMode.NORMAL, b == batches[0] ? out.resolve(fileName(label)) : null);
                    placer.sendEverythingToCpu();
                    cells.add(String.format(Locale.ROOT, "%d=%.3f/%.4f", b, peak.get() / 1e9, its));
                    System.out.printf("%s batch %d: %.3f it/s, peak RSS %.2f GB (after load %.2f GB), unit moves so far %d%n",
                            label, b, its, peak.get() / 1e9, base / 1e9, moves.get());
                } catch (RuntimeException | OutOfMemoryError e) {
                    System.out.printf("%s batch %d: OOM (%s)%n", label, b, e.getMessage());
                    cells.add(b + "=OOM");
                    oom = true;
                }
            }
        }
        sampler.interrupt();
        cells.add("moves=" + moves.get());
        Files.writeString(out.resolve(fileName(label) + ".row"), String.join(" ", cells) + "\n");
    }

    static String fileName(String label) {
        return label.replace('+', '_');
    }

    /** steps Euler/CFG iterations at batch b after one untimed warm-up step; returns it/s. Batch-1 image saved. */
    private static double run(SdModel model, NDManager root, int b, int w, int h, int steps, boolean split, Path image) {
        try (NDManager m = root.newSubManager()) {
            JniUtils.setSeed(1234);
            int cd = model.unet().topology().contextDim();
            NDArray cond = m.randomNormal(new Shape(1, 77, cd)).repeat(0, b);
            NDArray uncond = m.randomNormal(new Shape(1, 77, cd)).repeat(0, b);
            NDArray x = m.randomNormal(new Shape(b, 4, h / 8, w / 8));
            float[] sigmas = sigmas(steps + 1, model.alphasCumprod());
            x = x.mul(sigmas[0]);
            float[] ac = model.alphasCumprod();
            x = step(model, m, x, cond, uncond, sigmas[0], sigmas[1], ac, split); // warm-up (first touch of pages)
            long t0 = System.nanoTime();
            for (int i = 1; i <= steps; i++) {
                x = step(model, m, x, cond, uncond, sigmas[i], sigmas[i + 1], ac, split);
            }
            double its = steps / ((System.nanoTime() - t0) / 1e9);
            if (image != null) {
                NDArray img = model.vae().decode(x.div(model.vae().scaleFactor()));
                byte[] px = toPixels(img);
                Files.write(image, px);
            }
            return its;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** One Euler step with CFG 7. x: [B, 4, h, w]. */
    private static NDArray step(SdModel model, NDManager m, NDArray x, NDArray cond, NDArray uncond, float s, float next,
                                float[] ac, boolean split) {
        try (NDManager st = m.newSubManager()) {
            x.tempAttach(st);
            long b = x.getShape().get(0);
            float t = timestep(s, ac);
            NDArray in = x.mul(1 / Math.sqrt(s * s + 1.0));
            NDArray ec;
            NDArray eu;
            if (split) {
                NDArray tt = st.full(new Shape(b), t);
                ec = model.unet().forward(in, tt, cond);
                eu = model.unet().forward(in, tt, uncond);
            } else {
                NDArray both = model.unet().forward(in.concat(in, 0), st.full(new Shape(2 * b), t), cond.concat(uncond, 0));
                NDList parts = both.split(2, 0);
                ec = parts.get(0);
                eu = parts.get(1);
            }
            NDArray eps = eu.add(ec.sub(eu).mul(CFG));
            NDArray nx = x.add(eps.mul(next - s)); // Euler: d = (x - denoised) / sigma = eps
            nx.attach(m);
            return nx;
        }
    }

    /** Karras-like geometric sigmas from the schedule's max to min, then 0. */
    static float[] sigmas(int n, float[] ac) {
        double max = Math.sqrt((1 - ac[ac.length - 1]) / ac[ac.length - 1]);
        double min = Math.sqrt((1 - ac[0]) / ac[0]);
        float[] s = new float[n + 1];
        for (int i = 0; i < n; i++) {
            s[i] = (float) (max * Math.pow(min / max, n == 1 ? 0 : (double) i / (n - 1)));
        }
        return s;
    }

    /** The discrete timestep whose sigma is nearest in log space. */
    static float timestep(float sigma, float[] ac) {
        int best = 0;
        double bestD = Double.MAX_VALUE;
        for (int i = 0; i < ac.length; i++) {
            double d = Math.abs(Math.log(Math.sqrt((1 - ac[i]) / ac[i])) - Math.log(sigma));
            if (d < bestD) {
                bestD = d;
                best = i;
            }
        }
        return best;
    }

    /** A1111's uint8(clamp((x+1)/2, 0, 1) * 255) of image 0, row-major [3, H, W]. */
    static byte[] toPixels(NDArray img) {
        float[] f = img.get(0).toFloatArray();
        byte[] out = new byte[f.length];
        for (int i = 0; i < f.length; i++) {
            out[i] = (byte) (int) (Math.min(Math.max((f[i] + 1) / 2, 0f), 1f) * 255);
        }
        return out;
    }

}
