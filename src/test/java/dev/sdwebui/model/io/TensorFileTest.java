package dev.sdwebui.model.io;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sdwebui.testsupport.SharedReference;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Streaming reads: the fp16 .ckpt and .safetensors of the tiny reference hold the same tensors. */
class TensorFileTest {

    @Test
    void ckptAndSafetensorsReadTheSameValuesInChunks() throws Exception {
        Path dir = SharedReference.tinyDir();
        try (TensorFile st = TensorFile.open(dir.resolve("tiny-fp16.safetensors"));
             TensorFile ck = TensorFile.open(dir.resolve("tiny-fp16.ckpt"))) {
            assertThat(ck.keys()).containsExactlyInAnyOrderElementsOf(st.keys());
            for (String k : st.keys()) {
                assertThat(ck.dtype(k)).as(k).isEqualTo(st.dtype(k));
                assertThat(ck.shape(k)).as(k).isEqualTo(st.shape(k));
                long n = 1;
                for (long d : st.shape(k)) {
                    n *= d;
                }
                double[] a = new double[(int) n];
                double[] b = new double[(int) n];
                st.read(k, 0, a, a.length);
                int half = (int) n / 2; // two chunks: offsets must be right
                ck.read(k, 0, b, half);
                double[] rest = new double[(int) n - half];
                ck.read(k, half, rest, rest.length);
                System.arraycopy(rest, 0, b, half, rest.length);
                assertThat(java.util.Arrays.equals(a, b)).as(k).isTrue(); // element-wise (assertj's diff is quadratic)
            }
        }
    }
}
