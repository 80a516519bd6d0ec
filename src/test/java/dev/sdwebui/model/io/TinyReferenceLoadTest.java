package dev.sdwebui.model.io;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.sdwebui.testsupport.SharedReference;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The three files of ../shared/reference/sd1-tiny load, hold 979 tensors (tiny.json) and agree. */
class TinyReferenceLoadTest {

    private static final int NUM_TENSORS = 979; // tiny.json "num_tensors"

    @Test
    void fp32SafetensorsLoadsAllTensorsAsFloat32() throws Exception {
        Path file = SharedReference.tinyDir().resolve("tiny-fp32.safetensors");
        try (NDManager root = NDManager.newBaseManager();
             StateDict sd = WeightsReader.read(file, root, ReadOptions.defaults())) {
            assertThat(sd.keys()).hasSize(NUM_TENSORS);
            NDArray w = sd.get("model.diffusion_model.input_blocks.0.0.weight");
            assertThat(w.getShape().getShape()).containsExactly(32, 4, 3, 3);
            assertThat(w.getDataType()).isEqualTo(DataType.FLOAT32);
            assertThat(sd.get("alphas_cumprod").getShape().getShape()).containsExactly(1000);
        }
    }

    @Test
    void fp16ValuesEqualFp32WithinHalfRounding() throws Exception {
        Path dir = SharedReference.tinyDir();
        try (NDManager root = NDManager.newBaseManager();
             StateDict f32 = WeightsReader.read(dir.resolve("tiny-fp32.safetensors"), root, ReadOptions.defaults());
             StateDict f16 = WeightsReader.read(dir.resolve("tiny-fp16.safetensors"), root, ReadOptions.defaults())) {
            assertThat(f16.keys()).isEqualTo(f32.keys());
            for (String key : f32.keys()) {
                NDArray a = f32.get(key);
                NDArray b = f16.get(key);
                assertThat(b.getShape()).as(key).isEqualTo(a.getShape());
                if (a.getDataType() != DataType.FLOAT32) {
                    assertThat(b.contentEquals(a)).as(key).isTrue();
                    continue;
                }
                float[] x = a.toFloatArray();
                float[] y = b.toFloatArray();
                for (int i = 0; i < x.length; i++) {
                    // fp16 round-to-nearest: relative error <= 2^-11, absolute <= 2^-25 near zero (subnormals)
                    float tol = Math.max(Math.abs(x[i]) * 0x1p-11f, 0x1p-24f);
                    assertThat(Math.abs(x[i] - y[i])).as("%s[%d]", key, i).isLessThanOrEqualTo(tol);
                }
            }
        }
    }

    @Test
    void fp16CkptEqualsFp16SafetensorsBitForBit() throws Exception {
        Path dir = SharedReference.tinyDir();
        try (NDManager root = NDManager.newBaseManager();
             StateDict st = WeightsReader.read(dir.resolve("tiny-fp16.safetensors"), root, ReadOptions.raw());
             StateDict ck = WeightsReader.read(dir.resolve("tiny-fp16.ckpt"), root, ReadOptions.raw())) {
            assertThat(ck.keys()).hasSize(NUM_TENSORS).isEqualTo(st.keys());
            assertThat(ck.metadata()).isEmpty();
            int halfTensors = 0;
            for (String key : st.keys()) {
                NDArray a = st.get(key);
                NDArray b = ck.get(key);
                assertThat(b.getDataType()).as(key).isEqualTo(a.getDataType());
                assertThat(b.getShape()).as(key).isEqualTo(a.getShape());
                // raw bytes, before any upcast: bit-for-bit, NaN payloads and -0.0 included
                assertThat(b.toByteArray()).as(key).isEqualTo(a.toByteArray());
                halfTensors += a.getDataType() == DataType.FLOAT16 ? 1 : 0;
            }
            assertThat(halfTensors).isGreaterThan(900);
        }
    }

    @Test
    void fp16CkptUpcastEqualsFp16SafetensorsUpcast() throws Exception {
        Path dir = SharedReference.tinyDir();
        try (NDManager root = NDManager.newBaseManager();
             StateDict st = WeightsReader.read(dir.resolve("tiny-fp16.safetensors"), root, ReadOptions.defaults());
             StateDict ck = WeightsReader.read(dir.resolve("tiny-fp16.ckpt"), root, ReadOptions.defaults())) {
            for (String key : st.keys()) {
                assertThat(ck.get(key).getDataType()).as(key).isNotEqualTo(DataType.FLOAT16);
                assertThat(ck.get(key).toByteArray()).as(key).isEqualTo(st.get(key).toByteArray());
            }
        }
    }
}
