package dev.sdwebui.postprocess.upscale;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * SwinIR / ScuNET tiling on the float image. Ref: modules/upscaler_utils.py {@code tiled_upscale_2} (v1.10):
 * {@code tile = min(tile, h, w)} (square tiles of the short side at most); starts
 * {@code range(0, h - tile, tile - overlap) + [h - tile]} (same for w); every clamped tile output is added
 * into a float32 sum and a count; the result is sum / count. {@code tile <= 0}: one call on the whole image.
 */
final class FloatTiling {

    private FloatTiling() {
    }

    static List<Integer> starts(int size, int tile, int stride) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < size - tile; i += stride) {
            out.add(i);
        }
        out.add(size - tile);
        return out;
    }

    /** x: [1, 3, h, w] -> [1, 3, h s, w s] (in x's manager). */
    static NDArray upscale(NDArray x, int tileSize, int overlap, int scale, UnaryOperator<NDArray> model) {
        int h = (int) x.getShape().get(2);
        int w = (int) x.getShape().get(3);
        int tile = Math.min(tileSize, Math.min(h, w));
        if (tile <= 0) {
            return model.apply(x);
        }
        int stride = tile - overlap;
        if (stride <= 0) {
            throw new IllegalArgumentException("tile overlap " + overlap + " must be smaller than the tile " + tile);
        }
        float[] sum = new float[3 * h * scale * w * scale];
        float[] count = new float[sum.length];
        int ow = w * scale;
        int plane = h * scale * ow;
        for (int y0 : starts(h, tile, stride)) {
            for (int x0 : starts(w, tile, stride)) {
                float[] out;
                try (NDManager scope = x.getManager().newSubManager()) {
                    NDArray in = x.get(":, :, " + y0 + ":" + (y0 + tile) + ", " + x0 + ":" + (x0 + tile));
                    in.attach(scope);
                    out = model.apply(in).toFloatArray();
                }
                int ts = tile * scale;
                for (int c = 0; c < 3; c++) {
                    for (int yy = 0; yy < ts; yy++) {
                        int dst = c * plane + (y0 * scale + yy) * ow + x0 * scale;
                        int src = (c * ts + yy) * ts;
                        for (int xx = 0; xx < ts; xx++) {
                            sum[dst + xx] += out[src + xx];
                            count[dst + xx] += 1f;
                        }
                    }
                }
            }
        }
        for (int i = 0; i < sum.length; i++) {
            sum[i] /= count[i];
        }
        return x.getManager().create(sum, new ai.djl.ndarray.types.Shape(1, 3, (long) h * scale, ow));
    }
}
