package dev.sdwebui.postprocess;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Our resampler against Pillow 12.3 on a seeded 5x4 RGB picture (values computed offline with
 * {@code Image.resize}; tests need no Python) and against hand-computed cases.
 */
class PilResampleTest {

    static final int[] SRC = {106, 152, 249, 131, 184, 200, 0, 21, 253, 147, 202, 107, 249, 169, 138, 149, 119, 166, 224,
        148, 172, 93, 167, 142, 248, 26, 81, 218, 150, 66, 2, 191, 60, 129, 179, 90, 69, 104, 110, 97, 157, 106, 152, 251,
        62, 7, 248, 171, 33, 123, 79, 176, 37, 20, 94, 49, 149, 127, 206, 244};

    static Pixels src() {
        return new Pixels(5, 4, 3, SRC.clone());
    }

    @Test
    void lanczosShrinkAndStretchMatchPillow() {
        assertThat(PilResample.resize(src(), 3, 7, PilResample.Filter.LANCZOS).data()).containsExactly(106, 168, 237,
                37, 93, 213, 201, 198, 128, 144, 153, 225, 90, 105, 187, 222, 146, 106, 178, 140, 182, 156, 124, 142, 233,
                92, 72, 132, 159, 105, 136, 141, 123, 182, 149, 47, 49, 192, 72, 90, 117, 106, 120, 212, 90, 17, 203, 106,
                111, 62, 64, 110, 171, 173, 14, 203, 141, 136, 28, 40, 119, 128, 224);
        assertThat(PilResample.resize(src(), 8, 3, PilResample.Filter.LANCZOS).data()).containsExactly(122, 131, 245,
                158, 162, 221, 155, 167, 202, 49, 85, 233, 48, 69, 195, 175, 139, 104, 241, 160, 102, 249, 152, 130, 70,
                148, 98, 131, 156, 112, 188, 166, 132, 108, 165, 131, 90, 120, 117, 173, 84, 93, 194, 154, 61, 182, 214,
                45, 0, 247, 141, 1, 213, 117, 54, 131, 68, 133, 61, 34, 134, 37, 61, 80, 81, 134, 100, 182, 188, 134, 239,
                204);
    }

    @Test
    void lanczosUpscaleMatchesPillowOnFirstRows() {
        int[] got = PilResample.resize(src(), 11, 9, PilResample.Filter.LANCZOS).data();
        int[] want = {86, 148, 255, 102, 172, 246, 124, 206, 211, 104, 175, 204, 30, 55, 251, 0, 0, 255, 15, 82, 204, 106,
            217, 121, 194, 241, 107, 240, 193, 137, 255, 158, 159, 106, 136, 248, 126, 156, 236, 153, 184, 208, 135, 169,
            202, 57, 88, 234};
        for (int i = 0; i < want.length; i++) {
            assertThat(got[i]).as("value %d", i).isEqualTo(want[i]);
        }
    }

    @Test
    void nearestAndBicubicMatchPillow() {
        assertThat(PilResample.resize(src(), 9, 2, PilResample.Filter.NEAREST).data()).containsExactly(149, 119, 166,
                149, 119, 166, 224, 148, 172, 224, 148, 172, 93, 167, 142, 248, 26, 81, 248, 26, 81, 218, 150, 66, 218,
                150, 66, 7, 248, 171, 7, 248, 171, 33, 123, 79, 33, 123, 79, 176, 37, 20, 94, 49, 149, 94, 49, 149, 127,
                206, 244, 127, 206, 244);
        int[] bic = PilResample.resize(src(), 6, 6, PilResample.Filter.BICUBIC).data();
        assertThat(java.util.Arrays.copyOf(bic, 12)).containsExactly(102, 153, 255, 129, 191, 209, 37, 68, 245, 37, 81,
                202);
    }

    @Test
    void zeroHeightBoxStretchesTheTopEdgeAsPillow() {
        // A1111 "Resize and fill": resized.resize((w, fill), box=(0, 0, w, 0)).
        int[] row = {89, 163, 255, 106, 194, 202, 0, 0, 255, 117, 248, 114, 253, 178, 154};
        int[] got = PilResample.resize(src(), 5, 3, PilResample.Filter.LANCZOS, 0, 0, 5, 0).data();
        for (int y = 0; y < 3; y++) {
            assertThat(java.util.Arrays.copyOfRange(got, y * 15, y * 15 + 15)).containsExactly(row);
        }
    }

    @Test
    void handComputedCases() {
        // A constant picture stays constant under Lanczos in both directions (weights sum to 1).
        Pixels flat = new Pixels(3, 3, 1, new int[] {77, 77, 77, 77, 77, 77, 77, 77, 77});
        assertThat(PilResample.resize(flat, 7, 2, PilResample.Filter.LANCZOS).data()).containsOnly(77);
        // Nearest 2x of [10, 20]: src = floor((x + 0.5) / 2) -> 10, 10, 20, 20.
        Pixels two = new Pixels(2, 1, 1, new int[] {10, 20});
        assertThat(PilResample.resize(two, 4, 1, PilResample.Filter.NEAREST).data()).containsExactly(10, 10, 20, 20);
        // Lanczos halving [0, 0, 255, 255] -> 2 px; centre 1.0 with support 6 covers all 4 inputs with weights
        // L((x - 1 + 0.5) / 2) for x = 0..3 = L(-0.25), L(0.25), L(0.75), L(1.25): a symmetric blend, then
        // the mirrored pixel: out = {v, 255 - v}.
        Pixels step = new Pixels(4, 1, 1, new int[] {0, 0, 255, 255});
        int[] half = PilResample.resize(step, 2, 1, PilResample.Filter.LANCZOS).data();
        double l0 = lanczos(-0.25);
        double l1 = lanczos(0.25);
        double l2 = lanczos(0.75);
        double l3 = lanczos(1.25);
        double v = 255 * (l2 + l3) / (l0 + l1 + l2 + l3);
        assertThat(half[0]).isBetween((int) Math.floor(v) - 1, (int) Math.ceil(v) + 1);
        assertThat(half[0] + half[1]).isEqualTo(255);
    }

    private static double lanczos(double x) {
        return x == 0 ? 1 : 3 * Math.sin(Math.PI * x) * Math.sin(Math.PI * x / 3) / (Math.PI * Math.PI * x * x);
    }
}
