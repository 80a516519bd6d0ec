package dev.sdwebui.nn.network;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.sdwebui.model.io.ReadOptions;
import dev.sdwebui.model.io.StateDict;
import dev.sdwebui.model.io.WeightsFormatException;
import dev.sdwebui.model.io.WeightsReader;
import dev.sdwebui.model.keys.NetworkKeys;
import dev.sdwebui.nn.LayerTable;
import dev.sdwebui.nn.PatchableLayer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a LoRA-family file and matches its keys to a model's layers.
 *
 * <p>Ref: A1111 extensions-builtin/Lora/networks.py {@code load_network} (v1.10): each key splits at its
 * first {@code .} into module and tensor parts; the module part is resolved by {@link NetworkKeys}; keys
 * that match nothing are skipped; the tensors of one module are grouped and the first module type that
 * accepts them wins (LoRA, LoHa, IA3, LoKr, full, norm, GLoRA, OFT). A module no type accepts fails the
 * whole file. Tensors are read as fp32 (the maths is fp32 whatever the file stores).
 */
public final class NetworkLoader {

    private static final Logger LOG = LoggerFactory.getLogger(NetworkLoader.class);
    private static final List<Function<ModuleWeights, NetworkModule>> TYPES = List.of(LoraModule::tryCreate,
            HadaModule::tryCreate, Ia3Module::tryCreate, LokrModule::tryCreate, FullModule::tryCreate,
            NormModule::tryCreate, GloraModule::tryCreate, OftModule::tryCreate);

    private NetworkLoader() {
    }

    /**
     * @param parent the tensors' manager becomes a child of it
     * @throws WeightsFormatException for an unreadable file
     * @throws IllegalArgumentException when a matched module has keys no type accepts
     */
    public static LoadedNetwork load(String name, Path file, LayerTable layers, NDManager parent)
            throws WeightsFormatException {
        StateDict sd = WeightsReader.read(file, parent, ReadOptions.defaults().withThreads(1));
        try {
            long mtime = Files.getLastModifiedTime(file).toMillis();
            return match(name, file, mtime, sd, layers);
        } catch (java.io.IOException e) {
            sd.close();
            throw new WeightsFormatException(file, "cannot stat: " + e.getMessage());
        } catch (RuntimeException e) {
            sd.close();
            throw e;
        }
    }

    static LoadedNetwork match(String name, Path file, long mtime, StateDict sd, LayerTable layers) {
        boolean sd2 = layers.names().stream().anyMatch(n -> n.startsWith("model_transformer_resblocks_"))
                || layers.hasRawWithPrefix("model_transformer_resblocks_");
        Map<String, Map<String, NDArray>> groups = new LinkedHashMap<>();
        Map<String, String> firstKey = new LinkedHashMap<>();
        Map<String, String> target = new LinkedHashMap<>();
        List<String> failed = new ArrayList<>();
        for (String key : sd.keys()) {
            int dot = key.indexOf('.');
            String module = dot < 0 ? key : key.substring(0, dot);
            String part = dot < 0 ? "" : key.substring(dot + 1);
            Optional<NetworkKeys.Match> m = NetworkKeys.resolve(module, sd2, layers::has);
            if (m.isEmpty()) {
                failed.add(key);
                continue;
            }
            groups.computeIfAbsent(m.get().key(), k -> new LinkedHashMap<>()).put(part, sd.get(key));
            firstKey.putIfAbsent(m.get().key(), key);
            target.put(m.get().key(), m.get().module());
        }
        ai.djl.Device device = layers.names().stream().findFirst().flatMap(layers::layer)
                .map(l -> l.weight().getDevice()).orElse(ai.djl.Device.cpu());
        if (!device.equals(ai.djl.Device.cpu())) {
            groups.values().forEach(g -> g.replaceAll((k, t) -> t.toDevice(device, true))); // freed with sd
        }
        Map<String, NetworkModule> modules = new LinkedHashMap<>();
        for (Map.Entry<String, Map<String, NDArray>> g : groups.entrySet()) {
            ModuleWeights w = weights(firstKey.get(g.getKey()), g.getKey(), target.get(g.getKey()), g.getValue(), layers);
            modules.put(g.getKey(), create(w));
        }
        if (!failed.isEmpty()) {
            LOG.debug("Network {} didn't match keys: {}", file, failed);
        }
        return new LoadedNetwork(name, file, mtime, modules, failed, sd);
    }

    private static ModuleWeights weights(String networkKey, String key, String module, Map<String, NDArray> w,
                                         LayerTable layers) {
        Optional<PatchableLayer> layer = layers.layer(module);
        if (layer.isPresent()) {
            return new ModuleWeights(networkKey, key, w, layer.get().kind(),
                    layer.get().weight().getShape().getShape());
        }
        // torch MultiheadAttention (OpenCLIP): q/k/v/out act as Linear layers of the out_proj's shape
        String path = layers.rawModule(module).orElseThrow();
        long[] shape = layers.tensor(path + ".out_proj.weight").or(() -> layers.tensor(path + ".weight"))
                .map(a -> a.getShape().getShape())
                .orElseThrow(() -> new IllegalArgumentException("no out_proj.weight under " + path));
        return new ModuleWeights(networkKey, key, w, PatchableLayer.Kind.LINEAR, shape);
    }

    private static NetworkModule create(ModuleWeights w) {
        for (Function<ModuleWeights, NetworkModule> type : TYPES) {
            NetworkModule m = type.apply(w);
            if (m != null) {
                return m;
            }
        }
        throw new IllegalArgumentException("Could not find a module type (out of NetworkModuleLora, "
                + "NetworkModuleHada, NetworkModuleIa3, NetworkModuleLokr, NetworkModuleFull, NetworkModuleNorm, "
                + "NetworkModuleGLora, NetworkModuleOFT) that would accept those keys: " + String.join(", ", w.w().keySet()));
    }
}
