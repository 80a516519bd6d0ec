package dev.sdwebui.nn.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import dev.sdwebui.model.io.StateDict;
import dev.sdwebui.nn.Weights;
import dev.sdwebui.tensor.script.TorchOps;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * An SD 2.x-style OpenCLIP text encoder reads its attention as a raw {@code in_proj_weight} [3C, C]: a
 * kohya LoRA's q/k/v/out modules (named {@code lora_te_..._self_attn_q_proj}) patch its three thirds and the
 * out projection, as A1111's MultiheadAttention branch does; restore gives the original values back.
 */
class MultiheadAttentionPatchTest {

    static final int C = 8;
    static final int R = 2;

    @Test
    void qkvAndOutDeltasLandInTheirThirds() {
        try (NDManager m = NDManager.newBaseManager("PyTorch"); TorchOps ops = TorchOps.load(m)) {
            JniUtils.setGradMode(false);
            Random rnd = new Random(3);
            String path = "cond_stage_model.model.transformer.resblocks.0.attn";
            Map<String, NDArray> model = new HashMap<>();
            model.put(path + ".in_proj_weight", m.create(rand(rnd, 3 * C * C), new ai.djl.ndarray.types.Shape(3 * C, C)));
            model.put(path + ".out_proj.weight", m.create(rand(rnd, C * C), new ai.djl.ndarray.types.Shape(C, C)));
            float[] in0 = model.get(path + ".in_proj_weight").toFloatArray();
            float[] out0 = model.get(path + ".out_proj.weight").toFloatArray();
            Weights root = Weights.of(k -> Optional.ofNullable(model.get(k)));
            root.at("cond_stage_model").at("model").at("transformer").at("resblocks").at("0").at("attn").get("in_proj_weight");

            Map<String, NDArray> lora = new LinkedHashMap<>();
            Map<String, float[][]> delta = new HashMap<>();
            for (String p : new String[] {"q", "k", "v", "out"}) {
                String key = "lora_te_text_model_encoder_layers_0_self_attn_" + p + "_proj";
                float[] up = rand(rnd, C * R);
                float[] down = rand(rnd, R * C);
                lora.put(key + ".lora_up.weight", m.create(up, new ai.djl.ndarray.types.Shape(C, R)));
                lora.put(key + ".lora_down.weight", m.create(down, new ai.djl.ndarray.types.Shape(R, C)));
                lora.put(key + ".alpha", m.create(new float[] {1f}, new ai.djl.ndarray.types.Shape()));
                delta.put(p, product(up, down));
            }
            StateDict sd = StateDict.owning(m.newSubManager(), lora, Map.of());
            LoadedNetwork net = NetworkLoader.match("sd2-lora", Path.of("sd2-lora.safetensors"), 0, sd, root.layers());
            assertThat(net.keysFailedToMatch()).isEmpty();
            assertThat(net.moduleCount()).isEqualTo(4);

            NetworkPatcher patcher = new NetworkPatcher(root.layers(), ops);
            double mult = 0.7;
            double scale = 1.0 / R; // alpha / dim
            assertThat(patcher.apply(java.util.List.of(new ActiveNetwork(net, new Multipliers(mult, 0, null))))).isEmpty();
            float[] in1 = model.get(path + ".in_proj_weight").toFloatArray();
            float[] out1 = model.get(path + ".out_proj.weight").toFloatArray();
            String[] thirds = {"q", "k", "v"};
            for (int t = 0; t < 3; t++) {
                for (int i = 0; i < C; i++) {
                    for (int j = 0; j < C; j++) {
                        int at = (t * C + i) * C + j;
                        assertThat((double) in1[at]).isCloseTo(in0[at] + delta.get(thirds[t])[i][j] * scale * mult, within(1e-5));
                    }
                }
            }
            for (int i = 0; i < C; i++) {
                for (int j = 0; j < C; j++) {
                    assertThat((double) out1[i * C + j]).isCloseTo(out0[i * C + j] + delta.get("out")[i][j] * scale * mult,
                            within(1e-5));
                }
            }
            patcher.restore();
            assertThat(model.get(path + ".in_proj_weight").toFloatArray()).containsExactly(in0);
            assertThat(model.get(path + ".out_proj.weight").toFloatArray()).containsExactly(out0);
            patcher.close();
            net.close();
        }
    }

    @Test
    void aDeltaThatDoesNotFitIsCountedAndUnknownKeySetsFailTheFile() {
        try (NDManager m = NDManager.newBaseManager("PyTorch"); TorchOps ops = TorchOps.load(m)) {
            JniUtils.setGradMode(false);
            Random rnd = new Random(5);
            String path = "cond_stage_model.model.transformer.resblocks.0.attn";
            Map<String, NDArray> model = new HashMap<>();
            model.put(path + ".in_proj_weight", m.create(rand(rnd, 3 * C * C), new ai.djl.ndarray.types.Shape(3 * C, C)));
            model.put(path + ".out_proj.weight", m.create(rand(rnd, C * C), new ai.djl.ndarray.types.Shape(C, C)));
            float[] in0 = model.get(path + ".in_proj_weight").toFloatArray();
            Weights root = Weights.of(k -> Optional.ofNullable(model.get(k)));
            root.at("cond_stage_model").at("model").at("transformer").at("resblocks").at("0").at("attn").get("in_proj_weight");
            Map<String, NDArray> lora = new LinkedHashMap<>();
            for (String p : new String[] {"q", "k", "v", "out"}) {
                String key = "lora_te_text_model_encoder_layers_0_self_attn_" + p + "_proj";
                int rows = p.equals("k") ? C + 1 : C; // k's delta has one row too many
                lora.put(key + ".lora_up.weight", m.create(rand(rnd, rows * R), new ai.djl.ndarray.types.Shape(rows, R)));
                lora.put(key + ".lora_down.weight", m.create(rand(rnd, R * C), new ai.djl.ndarray.types.Shape(R, C)));
            }
            LoadedNetwork net = NetworkLoader.match("bad", Path.of("bad.safetensors"), 0,
                    StateDict.owning(m.newSubManager(), lora, Map.of()), root.layers());
            NetworkPatcher patcher = new NetworkPatcher(root.layers(), ops);
            assertThat(patcher.apply(java.util.List.of(new ActiveNetwork(net, new Multipliers(1, 1, null)))))
                    .containsExactly(Map.entry("bad", 1));
            assertThat(model.get(path + ".in_proj_weight").toFloatArray()).containsExactly(in0);
            patcher.close();

            Map<String, NDArray> odd = new LinkedHashMap<>();
            odd.put("lora_te_text_model_encoder_layers_0_self_attn_q_proj.something", m.ones(new ai.djl.ndarray.types.Shape(2)));
            StateDict oddSd = StateDict.owning(m.newSubManager(), odd, Map.of());
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> NetworkLoader.match("odd", Path.of("odd.safetensors"),
                    0, oddSd, root.layers())).hasMessageContaining("Could not find a module type");
        }
    }

    static float[] rand(Random r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) r.nextGaussian();
        }
        return a;
    }

    static float[][] product(float[] up, float[] down) {
        float[][] d = new float[C][C];
        for (int i = 0; i < C; i++) {
            for (int j = 0; j < C; j++) {
                double s = 0;
                for (int r = 0; r < R; r++) {
                    s += up[i * R + r] * down[r * C + j];
                }
                d[i][j] = (float) s;
            }
        }
        return d;
    }
}
