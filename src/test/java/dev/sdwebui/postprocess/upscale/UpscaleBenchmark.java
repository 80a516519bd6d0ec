package dev.sdwebui.postprocess.upscale;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import dev.sdwebui.postprocess.Pixels;
import dev.sdwebui.tensor.script.TorchOps;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code ./bench.sh upscale}: a RealESRGAN_x4plus-shaped ESRGAN (23 RRDB blocks, 64 features, growth 32; random
 * weights made here) on a 512x512 picture, through A1111's tiling (ESRGAN_tile 192 / overlap 8) and untiled;
 * wall time and the process's peak RSS (VmHWM) after each. BENCH_UPSCALE_SIZE overrides the size.
 */
@Tag("bench")
class UpscaleBenchmark {

    @Test
    void realEsrganX4PlusShaped() throws Exception {
        int size = Integer.parseInt(System.getenv().getOrDefault("BENCH_UPSCALE_SIZE", "512"));
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            JniUtils.setGradMode(false);
            TorchOps ops = TorchOps.load(m);
            Map<String, NDArray> sd = weights(m, 64, 23, 32);
            UpscaleModel model = new UpscaleModel(Path.of("RealESRGAN_x4plus-random"),
                    EsrganNet.load(new NetParams(m, sd, ops)), ops);
            Random r = new Random(1);
            int[] px = new int[size * size * 3];
            for (int i = 0; i < px.length; i++) {
                px[i] = r.nextInt(256);
            }
            Pixels img = new Pixels(size, size, 3, px);
            for (int tile : new int[] {192, 0}) {
                long t0 = System.nanoTime();
                Pixels out = PilGridTiling.upscale(img, tile, 8, patch -> {
                    try (NDManager scope = m.newSubManager()) {
                        return BgrTensors.toPixels(model.call(BgrTensors.toTensor(patch, scope)));
                    }
                });
                double s = (System.nanoTime() - t0) / 1e9;
                System.out.printf("bench upscale %dx%d -> %dx%d %s: %.1f s, peak RSS %s%n", size, size, out.width(),
                        out.height(), tile > 0 ? "tiled 192/8" : "untiled", s, peakRss());
            }
        }
    }

    static Map<String, NDArray> weights(NDManager m, int nf, int nb, int gc) {
        Map<String, NDArray> sd = new LinkedHashMap<>();
        Random r = new Random(0);
        conv(sd, m, r, "model.0", 3, nf);
        for (int i = 0; i < nb; i++) {
            for (int k = 1; k <= 3; k++) {
                for (int c = 1; c <= 5; c++) {
                    conv(sd, m, r, "model.1.sub." + i + ".RDB" + k + ".conv" + c + ".0", nf + (c - 1) * gc,
                            c == 5 ? nf : gc);
                }
            }
        }
        conv(sd, m, r, "model.1.sub." + nb, nf, nf);
        conv(sd, m, r, "model.3", nf, nf);
        conv(sd, m, r, "model.6", nf, nf);
        conv(sd, m, r, "model.8", nf, nf);
        conv(sd, m, r, "model.10", nf, 3);
        return sd;
    }

    private static void conv(Map<String, NDArray> sd, NDManager m, Random r, String p, int in, int out) {
        float[] w = new float[out * in * 9];
        double std = Math.sqrt(2.0 / (in * 9)) * 0.1;
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) (r.nextGaussian() * std);
        }
        sd.put(p + ".weight", m.create(w, new Shape(out, in, 3, 3)));
        sd.put(p + ".bias", m.zeros(new Shape(out)));
    }

    static String peakRss() throws Exception {
        return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmHWM"))
                .map(l -> l.replaceAll("\\s+", " ").substring(7)).findFirst().orElse("?");
    }
}
