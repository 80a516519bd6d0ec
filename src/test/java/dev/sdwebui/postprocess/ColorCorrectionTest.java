package dev.sdwebui.postprocess;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ColorCorrectionTest {

    static Pixels gradient(int tintR, int tintB) {
        Pixels p = Pixels.blank(16, 16, 3);
        for (int i = 0; i < 256; i++) {
            p.data()[i * 3] = Math.min(255, i / 2 + tintR);
            p.data()[i * 3 + 1] = i / 2 + 40;
            p.data()[i * 3 + 2] = Math.min(255, i / 2 + tintB);
        }
        return p;
    }

    @Test
    void labRoundTripIsNearlyExact() {
        Pixels p = gradient(30, 10);
        Pixels back = ColorCorrection.rgb(ColorCorrection.lab(p), 16, 16);
        for (int i = 0; i < p.data().length; i++) {
            assertThat(Math.abs(back.data()[i] - p.data()[i])).isLessThanOrEqualTo(1);
        }
    }

    @Test
    void histogramMatchingMovesColoursTowardsTheInit() {
        Pixels init = gradient(80, 0);   // reddish
        Pixels generated = gradient(0, 80); // bluish
        Pixels out = ColorCorrection.of(init).apply(generated);
        long redBefore = 0;
        long redAfter = 0;
        for (int i = 0; i < 256; i++) {
            redBefore += generated.data()[i * 3] - generated.data()[i * 3 + 2];
            redAfter += out.data()[i * 3] - out.data()[i * 3 + 2];
        }
        assertThat(redAfter).isGreaterThan(redBefore + 256 * 40);
        // matching a picture to itself changes nothing (up to the LAB round trip)
        Pixels same = ColorCorrection.of(init).apply(init);
        for (int i = 0; i < init.data().length; i++) {
            assertThat(Math.abs(same.data()[i] - init.data()[i])).isLessThanOrEqualTo(2);
        }
    }

    @Test
    void matchInterpolatesBetweenReferenceValues() {
        float[] out = ColorCorrection.match(new float[] {1, 2, 3, 4}, new float[] {10, 20});
        // source quantiles .25 .5 .75 1 against reference quantiles .5 (10) and 1 (20)
        assertThat(out).containsExactly(10f, 10f, 15f, 20f);
    }
}
