package dev.sdwebui.nn.network;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.sdwebui.nn.LayerTable;
import dev.sdwebui.nn.LoadOptions;
import dev.sdwebui.nn.PatchableLayer;
import dev.sdwebui.nn.SdModel;
import dev.sdwebui.nn.SdModelLoader;
import dev.sdwebui.testsupport.Npy;
import dev.sdwebui.testsupport.SharedReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every lora-tiny case's networks applied to the tiny checkpoint's weights (no sampling): the patched
 * layers recorded by A1111 within 1e-6 relative (OFT 1e-5), matched module counts, types and skipped
 * keys as recorded, and the original weights back bit for bit after {@link NetworkPatcher#restore()}.
 */
class NetworkPatchParityTest {

    private static NDManager manager;
    private static SdModel model;
    private static Path ref;
    private static final Map<String, LoadedNetwork> LOADED = new HashMap<>();

    @BeforeAll
    static void load() throws Exception {
        ref = SharedReference.sharedDir().resolve("reference/lora-tiny");
        manager = NDManager.newBaseManager("PyTorch");
        JniUtils.setGradMode(false);
        model = SdModelLoader.load(SharedReference.tinyDir().resolve("tiny-fp32.safetensors"), manager,
                LoadOptions.defaults());
    }

    @AfterAll
    static void close() {
        LOADED.values().forEach(LoadedNetwork::close);
        if (model != null) {
            model.close();
        }
        if (manager != null) {
            manager.close();
        }
    }

    static Stream<String> cases() throws Exception {
        Path dir = SharedReference.sharedDir().resolve("reference/lora-tiny/cases");
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> Files.isDirectory(p.resolve("patched"))).map(p -> p.getFileName().toString())
                    .sorted().toList().stream();
        }
    }

    static LoadedNetwork network(String name) throws Exception {
        LoadedNetwork n = LOADED.get(name);
        if (n == null) {
            n = NetworkLoader.load(name, ref.resolve("networks/" + name + ".safetensors"), model.layers(), manager);
            LOADED.put(name, n);
        }
        return n;
    }

    static float[] values(NDArray a) {
        return a.toType(ai.djl.ndarray.types.DataType.FLOAT32, true).toFloatArray();
    }

    @ParameterizedTest
    @MethodSource("cases")
    void patchedLayersMatchA1111(String name) throws Exception {
        Path dir = ref.resolve("cases/" + name);
        JsonObject en = JsonParser.parseString(Files.readString(dir.resolve("case.json"))).getAsJsonObject()
                .getAsJsonObject("extra_networks");
        List<ActiveNetwork> active = new ArrayList<>();
        for (JsonElement e : en.getAsJsonArray("lora")) {
            JsonObject l = e.getAsJsonObject();
            LoadedNetwork n = network(l.get("name").getAsString());
            assertThat(n.moduleCount()).as("modules").isEqualTo(l.get("modules").getAsInt());
            assertThat(n.moduleTypes()).as("types").containsExactlyElementsOf(strings(l.getAsJsonArray("module_types")));
            assertThat(n.keysFailedToMatch()).as("unmatched")
                    .containsExactlyInAnyOrderElementsOf(strings(l.getAsJsonArray("keys_failed_to_match")));
            Integer dyn = l.get("dyn_dim").isJsonNull() ? null : l.get("dyn_dim").getAsInt();
            active.add(new ActiveNetwork(n, new Multipliers(l.get("te_multiplier").getAsDouble(),
                    l.get("unet_multiplier").getAsDouble(), dyn)));
        }
        LayerTable layers = model.layers();
        Map<String, float[]> before = new HashMap<>();
        List<Path> files;
        try (Stream<Path> s = Files.list(dir.resolve("patched"))) {
            files = s.sorted().toList();
        }
        for (Path f : files) {
            before.put(f.toString(), values(tensorOf(layers, f)));
        }
        Map<String, Integer> errors = model.networks().apply(active);
        try {
            assertThat(errors).isEmpty();
            for (Path f : files) {
                float[] want = Npy.read(f).floats();
                float[] got = values(tensorOf(layers, f));
                double tol = name.contains("oft") ? 1e-5 : 1e-6;
                assertThat(relDiff(got, want)).as(f.getFileName().toString()).isLessThanOrEqualTo(tol);
            }
            long n = model.networks().applications();
            assertThat(model.networks().apply(active)).isEmpty();
            assertThat(model.networks().applications()).as("same set again: nothing to do").isEqualTo(n);
        } finally {
            model.networks().restore();
        }
        for (Path f : files) {
            assertThat(values(tensorOf(layers, f))).as("restored " + f.getFileName())
                    .containsExactly(before.get(f.toString()));
        }
    }

    @Test
    void biasCreatedByAFullNetworkIsRemovedOnRestore() throws Exception {
        PatchableLayer q = model.layers().layer("diffusion_model_input_blocks_2_1_transformer_blocks_0_attn1_to_q")
                .orElseThrow();
        assertThat(q.bias()).isNull();
        model.networks().apply(List.of(new ActiveNetwork(network("tiny-full"), new Multipliers(1, 1, null))));
        assertThat(q.bias()).isNotNull();
        model.networks().restore();
        assertThat(q.bias()).isNull();
    }

    @Test
    void dynKeepsOnlyTheFirstRanks() throws Exception {
        LoadedNetwork lora = network("tiny-lora");
        PatchableLayer q = model.layers().layer("transformer_text_model_encoder_layers_0_self_attn_q_proj").orElseThrow();
        float[] w0 = values(q.weight());
        model.networks().apply(List.of(new ActiveNetwork(lora, new Multipliers(1, 1, null))));
        float[] full = values(q.weight());
        model.networks().apply(List.of(new ActiveNetwork(lora, new Multipliers(1, 1, 4)))); // rank 4: all of it
        assertThat(values(q.weight())).containsExactly(full);
        model.networks().apply(List.of(new ActiveNetwork(lora, new Multipliers(1, 1, 1))));
        float[] one = values(q.weight());
        model.networks().restore();
        NDArray up = lora.tensors().get("lora_te_text_model_encoder_layers_0_self_attn_q_proj.lora_up.weight");
        NDArray down = lora.tensors().get("lora_te_text_model_encoder_layers_0_self_attn_q_proj.lora_down.weight");
        double scale = lora.tensors().get("lora_te_text_model_encoder_layers_0_self_attn_q_proj.alpha").toFloatArray()[0] / 4.0;
        float[] delta = up.get(":, 0:1").matMul(down.get("0:1, :")).toFloatArray();
        for (int i = 0; i < w0.length; i++) {
            assertThat((double) one[i]).isCloseTo(w0[i] + delta[i] * scale, org.assertj.core.api.Assertions.within(1e-5));
        }
    }

    /** A state-dict file name "....proj_in.weight.npy" -> that layer's weight or bias. */
    static NDArray tensorOf(LayerTable layers, Path npy) {
        String file = npy.getFileName().toString();
        String key = file.substring(0, file.length() - ".npy".length());
        String part = key.substring(key.lastIndexOf('.') + 1);
        String module = key.substring(0, key.lastIndexOf('.'));
        PatchableLayer layer = layers.layer(LayerTable.networkName(module)).orElseThrow();
        NDArray t = part.equals("weight") ? layer.weight() : layer.bias();
        if (t == null) {
            return layer.weight().getManager().zeros(new ai.djl.ndarray.types.Shape(layer.weight().getShape().get(0)));
        }
        return t;
    }

    static double relDiff(float[] got, float[] want) {
        assertThat(got).hasSameSizeAs(want);
        double max = 0;
        double scale = 0;
        for (int i = 0; i < want.length; i++) {
            max = Math.max(max, Math.abs(got[i] - want[i]));
            scale = Math.max(scale, Math.abs(want[i]));
        }
        return max / Math.max(scale, 1e-12);
    }

    static List<String> strings(JsonArray a) {
        List<String> out = new ArrayList<>();
        a.forEach(e -> out.add(e.getAsString()));
        return out;
    }
}
