package dev.sdwebui.nn;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

/** Tiling's circular padding matches torch.nn.functional.pad(x, (1, 1, 1, 1), mode="circular"). */
class CircularPadTest {

    @Test
    void wrapsRowsAndColumns() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(new float[] {1, 2, 3, 4, 5, 6}, new Shape(1, 1, 2, 3));
            NDArray p = Conv2d.circularPad(x, 1);
            assertThat(p.getShape()).isEqualTo(new Shape(1, 1, 4, 5));
            // torch: [[6,4,5,6,4],[3,1,2,3,1],[6,4,5,6,4],[3,1,2,3,1]]
            assertThat(p.toFloatArray()).containsExactly(6, 4, 5, 6, 4, 3, 1, 2, 3, 1, 6, 4, 5, 6, 4, 3, 1, 2, 3, 1);
        }
    }
}
