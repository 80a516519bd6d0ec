package dev.sdwebui.postprocess;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A1111 resize_image modes on small pictures whose results can be worked out by hand. */
class ImageResizeTest {

    /** An L picture w x h whose pixel is its column index * 10 + 5. */
    static Pixels columns(int w, int h) {
        int[] d = new int[w * h];
        for (int i = 0; i < d.length; i++) {
            d[i] = (i % w) * 10 + 5;
        }
        return new Pixels(w, h, 1, d);
    }

    @Test
    void justResizeStretchesToTheTarget() {
        Pixels out = ImageResize.resize(ResizeMode.JUST_RESIZE, columns(4, 2), 8, 8, null);
        assertThat(out.width()).isEqualTo(8);
        assertThat(out.height()).isEqualTo(8);
    }

    @Test
    void cropAndResizeKeepsTheCentre() {
        // 8x2 into 2x2: ratio 1 < 4, so the height fits (src_h = 2) and src_w = 8*2//2 = 8: no scaling,
        // pasted at (2/2 - 8/2, 0) = (-3, 0): the columns 3 and 4 remain.
        Pixels out = ImageResize.resize(ResizeMode.CROP_AND_RESIZE, columns(8, 2), 2, 2, null);
        assertThat(out.data()).containsExactly(35, 45, 35, 45);
    }

    @Test
    void resizeAndFillCentresAndStretchesTheEdges() {
        // 4x2 into 4x6: ratio 0.67 < 2, src_w = 4, src_h = 2*4//4 = 2 (no scaling), top = 3 - 1 = 2; fill
        // height 2: rows 0-1 copy the stretched first row, rows 4-5 the stretched last row.
        Pixels in = columns(4, 2);
        Pixels out = ImageResize.resize(ResizeMode.RESIZE_AND_FILL, in, 4, 6, null);
        for (int y = 0; y < 6; y++) {
            for (int x = 0; x < 4; x++) {
                assertThat(out.get(x, y, 0)).as("(%d,%d)", x, y).isEqualTo(x * 10 + 5);
            }
        }
    }

    @Test
    void resizeAndFillSidesUseTheEdgeColumns() {
        // 2x4 into 6x4: pasted at x = 3 - 1 = 2; left fill columns are a zero-width box at x = 0 stretched
        // with Pillow's default BICUBIC (taps b(0.5), b(1.5) = 0.5625, -0.0625, normalised 1.125, -0.125:
        // 5 * 1.125 - 15 * 0.125 = 3.75 -> 4), right ones the box at x = 2 (15 * 1.125 - 5 * 0.125 = 16.25 -> 16).
        Pixels out = ImageResize.resize(ResizeMode.RESIZE_AND_FILL, columns(2, 4), 6, 4, null);
        for (int y = 0; y < 4; y++) {
            assertThat(new int[] {out.get(0, y, 0), out.get(1, y, 0), out.get(2, y, 0), out.get(3, y, 0), out.get(4, y, 0),
                out.get(5, y, 0)}).containsExactly(4, 4, 5, 15, 16, 16);
        }
    }

    @Test
    void nearestUpscalerGrowsThenLanczosFitsTheTarget() {
        Pixels rgb = new Pixels(2, 2, 3, new int[] {0, 0, 0, 255, 255, 255, 255, 255, 255, 0, 0, 0});
        // scale 4: Nearest makes 8x8 in one round (target int(2*4 // 8 * 8) = 8), no final resize.
        Pixels up = Upscaler.NEAREST.upscale(rgb, 4);
        assertThat(up.width()).isEqualTo(8);
        assertThat(up.get(3, 3, 0)).isZero();
        assertThat(up.get(4, 3, 0)).isEqualTo(255);
        assertThat(ImageResize.resize(ResizeMode.JUST_RESIZE, rgb, 16, 16, Upscaler.LANCZOS).width()).isEqualTo(16);
    }
}
