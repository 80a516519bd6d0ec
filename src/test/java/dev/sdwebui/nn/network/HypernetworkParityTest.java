package dev.sdwebui.nn.network;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.sdwebui.model.network.HypernetworkSpec;
import dev.sdwebui.tensor.script.TorchOps;
import dev.sdwebui.testsupport.Npy;
import dev.sdwebui.testsupport.SharedReference;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The lora-tiny hypernetwork read by the restricted unpickler and applied to a [1, 77, 64] context with
 * each case's multiplier: k and v contexts within 1e-5 of A1111's; a width it has no module for passes
 * through untouched.
 */
class HypernetworkParityTest {

    @ParameterizedTest
    @ValueSource(strings = {"l18_hypernet", "l19_lora_hypernet", "l20_hypernet0"})
    void contextsMatchA1111(String name) throws Exception {
        Path ref = SharedReference.sharedDir().resolve("reference/lora-tiny");
        Path dir = ref.resolve("cases/" + name);
        JsonObject h = JsonParser.parseString(Files.readString(dir.resolve("case.json"))).getAsJsonObject()
                .getAsJsonObject("extra_networks").getAsJsonArray("hypernet").get(0).getAsJsonObject();
        HypernetworkSpec spec = HypernetworkSpec.read(ref.resolve("hypernetworks/tiny-hypernet.pt"), "x");
        assertThat(spec.name()).isEqualTo(h.get("name_in_file").getAsString());
        assertThat(spec.layers().keySet()).containsExactly(64);
        try (NDManager m = NDManager.newBaseManager("PyTorch"); TorchOps ops = TorchOps.load(m)) {
            JniUtils.setGradMode(false);
            Hypernetwork net = Hypernetwork.of(spec, h.get("multiplier").getAsDouble(), ops, m);
            Npy in = Npy.read(dir.resolve("hypernet_ctx64_in.npy"));
            NDArray x = m.create(in.floats(), new Shape(in.shape()));
            NDArray[] kv = net.apply(x, x);
            assertThat(rel(kv[0].toFloatArray(), Npy.read(dir.resolve("hypernet_ctx64_k.npy")).floats())).isLessThanOrEqualTo(1e-5);
            assertThat(rel(kv[1].toFloatArray(), Npy.read(dir.resolve("hypernet_ctx64_v.npy")).floats())).isLessThanOrEqualTo(1e-5);
            NDArray other = m.ones(new Shape(1, 5, 32));
            assertThat(net.apply(other, other)[0]).isSameAs(other);
            net.close();
        }
    }

    static double rel(float[] got, float[] want) {
        assertThat(got).hasSameSizeAs(want);
        double max = 0;
        double scale = 0;
        for (int i = 0; i < want.length; i++) {
            max = Math.max(max, Math.abs(got[i] - want[i]));
            scale = Math.max(scale, Math.abs(want[i]));
        }
        return max / scale;
    }
}
