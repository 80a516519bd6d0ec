package dev.sdwebui.postprocess.upscale;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.sdwebui.postprocess.Pixels;

/**
 * A1111's picture <-> tensor conversions for upscaler models. Ref: modules/upscaler_utils.py
 * {@code pil_image_to_torch_bgr} (RGB -> BGR, CHW, {@code / 255} in float64, then float32) and
 * {@code torch_bgr_to_pil_image} (clamp [0, 1], {@code 255.0 * x} in float32, numpy round (half to even),
 * uint8, BGR -> RGB).
 */
final class BgrTensors {

    private BgrTensors() {
    }

    /** RGB pixels -> [1, 3, h, w] BGR float32. */
    static NDArray toTensor(Pixels img, NDManager m) {
        Pixels rgb = img.toRgb();
        int w = rgb.width();
        int h = rgb.height();
        float[] out = new float[3 * w * h];
        int[] d = rgb.data();
        for (int i = 0; i < w * h; i++) {
            for (int c = 0; c < 3; c++) {
                out[c * w * h + i] = (float) (d[i * 3 + (2 - c)] / 255.0);
            }
        }
        return m.create(out, new Shape(1, 3, h, w));
    }

    /** [1, 3, h, w] BGR float -> RGB pixels. */
    static Pixels toPixels(NDArray x) {
        int h = (int) x.getShape().get(2);
        int w = (int) x.getShape().get(3);
        return toPixels(x.toFloatArray(), w, h);
    }

    static Pixels toPixels(float[] bgr, int w, int h) {
        int[] out = new int[3 * w * h];
        for (int i = 0; i < w * h; i++) {
            for (int c = 0; c < 3; c++) {
                float v = Math.min(1f, Math.max(0f, bgr[c * w * h + i]));
                float scaled = 255.0f * v;
                out[i * 3 + (2 - c)] = (int) Math.rint(scaled);
            }
        }
        return new Pixels(w, h, 3, out);
    }
}
