package dev.sdwebui.postprocess;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MasksTest {

    @Test
    void binaryMaskUsesAlphaWhenNotOpaque() {
        Pixels rgba = new Pixels(2, 1, 4, new int[] {0, 0, 0, 200, 255, 255, 255, 100});
        assertThat(Masks.binary(rgba, true).data()).containsExactly(255, 0);
        assertThat(Masks.binary(rgba, false).data()).containsExactly(200, 100);
        Pixels rgb = new Pixels(2, 1, 3, new int[] {255, 255, 255, 0, 0, 0});
        assertThat(Masks.binary(rgb, true).data()).containsExactly(255, 0);
    }

    @Test
    void gaussianBlurSpreadsSymmetricallyAndKeepsMass() {
        int[] d = new int[21];
        d[10] = 255;
        Pixels line = new Pixels(21, 1, 1, d);
        Pixels b = Masks.gaussianBlur(line, 2, true);
        // kernel 2 * int(5.5) + 1 = 11 taps: pixels beyond 5 from the centre stay 0
        assertThat(b.data()[4]).isZero();
        assertThat(b.data()[5]).isPositive();
        assertThat(b.data()[9]).isEqualTo(b.data()[11]);
        // OpenCV's fixed-point taps for 11 taps, sigma 2 (1/256): 2 7 17 31 45 52 45 31 17 7 2, so the
        // centre is (255 * 52 + 128) >> 8 = 52 (a float kernel would give 255 * 0.2016 -> 51).
        assertThat(b.data()[10]).isEqualTo(52);
        assertThat(b.data()[5]).isEqualTo(2);
        assertThat(Masks.gaussianBlur(line, 2, false).data()).containsExactly(d); // height 1: reflect keeps it
    }

    @Test
    void cropRegionPadsAndExpandsToTheProcessingAspect() {
        Pixels m = Pixels.blank(100, 50, 1);
        for (int y = 20; y < 30; y++) {
            for (int x = 40; x < 50; x++) {
                m.set(x, y, 0, 255);
            }
        }
        int[] r = Masks.cropRegion(m, 5).orElseThrow();
        assertThat(r).containsExactly(35, 15, 55, 35);
        // 20x20 region, processing 64x32 (ratio 2): width grows by 20 -> 10 each side.
        assertThat(Masks.expandCropRegion(r, 64, 32, 100, 50)).containsExactly(25, 15, 65, 35);
        // near the right edge the box shifts back inside
        assertThat(Masks.expandCropRegion(new int[] {90, 0, 100, 10}, 64, 32, 100, 50)).containsExactly(80, 0, 100, 10);
        assertThat(Masks.cropRegion(Pixels.blank(4, 4, 1), 0)).isEmpty();
    }

    @Test
    void overlayKeepsTheOriginalOutsideTheMask() {
        Pixels original = new Pixels(3, 1, 3, new int[] {10, 20, 30, 40, 50, 60, 70, 80, 90});
        Pixels generated = new Pixels(3, 1, 3, new int[] {200, 200, 200, 200, 200, 200, 200, 200, 200});
        Pixels mask = new Pixels(3, 1, 1, new int[] {0, 128, 255});
        Pixels out = InpaintOverlay.apply(generated, null, InpaintOverlay.overlay(original, mask), null);
        assertThat(java.util.Arrays.copyOf(out.data(), 3)).containsExactly(10, 20, 30);
        assertThat(java.util.Arrays.copyOfRange(out.data(), 6, 9)).containsExactly(200, 200, 200);
        assertThat(out.data()[3]).isBetween(115, 125); // about half way between 40 and 200
    }

    @Test
    void fillPaintsTheMaskedAreaFromItsSurroundings() {
        Pixels img = Pixels.blank(16, 16, 3);
        java.util.Arrays.fill(img.data(), 100);
        Pixels mask = Pixels.blank(16, 16, 1);
        for (int y = 6; y < 10; y++) {
            for (int x = 6; x < 10; x++) {
                mask.set(x, y, 0, 255);
                img.set(x, y, 0, 250);
            }
        }
        Pixels filled = MaskedFill.fill(img, mask);
        assertThat(filled.get(7, 7, 0)).isBetween(95, 105);
        assertThat(filled.get(0, 0, 1)).isBetween(99, 101);
    }
}
