package dev.sdwebui.nn.network;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.sdwebui.nn.LayerTable;
import dev.sdwebui.nn.PatchableLayer;
import dev.sdwebui.tensor.script.TorchOps;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a set of networks to one model by patching its weights: for every layer some network touches,
 * {@code W <- W + updown} per network in prompt order (each delta computed from the weight the previous one
 * left), in fp32, stored back in the layer's dtype. The original data is kept (a second handle on the
 * same storage, no copy) and put back bit for bit before another set is applied; asking again for the
 * set already applied costs nothing.
 *
 * <p>Weights may be read-only file mappings, so a patched weight gets new storage ({@link TorchOps#setData})
 * instead of an in-place add. Ref: A1111 extensions-builtin/Lora/networks.py {@code network_apply_weights}
 * / {@code network_restore_weights_from_backup} (v1.10). Used by one inference thread at a time.
 */
public final class NetworkPatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(NetworkPatcher.class);

    /** What was patched in one layer, to undo it (null: that part was left as it was). */
    private record Backup(PatchableLayer layer, NDArray weight, NDArray bias, NDArray createdBias) {
    }

    private static final java.util.regex.Pattern X_PROJ = java.util.regex.Pattern.compile("(.*)_([qkv]_proj|out_proj)$");
    private final LayerTable layers;
    private final TorchOps ops;
    private final List<Backup> backups = new ArrayList<>();
    private List<Object> applied = List.of();
    private NDManager store; // backups and created biases
    private long patches; // sets applied (not counting the no-op repeats)

    public NetworkPatcher(LayerTable layers, TorchOps ops) {
        this.layers = layers;
        this.ops = ops;
    }

    /**
     * Makes the model carry exactly {@code wanted} (empty = the original weights).
     *
     * @return per network name, the layers whose delta could not be applied (A1111 "Networks with
     *         errors"); empty when nothing had to change
     */
    public synchronized Map<String, Integer> apply(List<ActiveNetwork> wanted) {
        List<Object> key = wanted.stream().map(a -> (Object) List.of(a.network(), a.multipliers())).toList();
        if (key.equals(applied)) {
            return Map.of();
        }
        restore();
        patches++;
        Map<String, Integer> errors = new LinkedHashMap<>();
        Set<String> targets = new LinkedHashSet<>();
        for (ActiveNetwork a : wanted) {
            for (Map.Entry<String, NetworkModule> e : a.network().modules().entrySet()) {
                targets.add(e.getKey());
            }
        }
        Set<String> mha = new LinkedHashSet<>();
        for (String name : targets) {
            var layer = layers.layer(name);
            if (layer.isPresent()) {
                patch(name, layer.get(), wanted, errors);
                continue;
            }
            java.util.regex.Matcher m = X_PROJ.matcher(name);
            if (m.matches() && layers.rawModule(m.group(1)).isPresent()) {
                mha.add(m.group(1));
            } else {
                LOG.debug("network layer {}: couldn't find supported operation", name);
            }
        }
        for (String name : mha) {
            patchMha(name, layers.rawModule(name).orElseThrow(), wanted, errors);
        }
        applied = key;
        return errors;
    }

    /** How many times a set of networks was actually applied (a repeat of the current set is not counted). */
    public synchronized long applications() {
        return patches;
    }

    /** Whether some weight currently differs from the loaded one. */
    public synchronized boolean isPatched() {
        return !backups.isEmpty();
    }

    /** Puts every patched weight and bias back as loaded (bit-exact: the original storage). */
    public synchronized void restore() {
        for (Backup b : backups) {
            PatchableLayer layer = b.layer();
            if (b.weight() != null) {
                put(layer.weight(), b.weight());
                b.weight().close();
            }
            if (b.createdBias() != null) {
                layer.replaceBias(null);
                b.createdBias().close();
            } else if (b.bias() != null) {
                put(layer.bias(), b.bias());
            }
            layer.weightsChanged();
            if (b.bias() != null) {
                b.bias().close();
            }
        }
        backups.clear();
        applied = List.of();
    }

    private void put(NDArray target, NDArray original) {
        String device = target.getDevice().toString();
        ops.setData(target, original);
        if (!original.getDevice().equals(target.getDevice())) {
            ops.moveTo(target, device.startsWith("gpu") ? "cuda:" + target.getDevice().getDeviceId() : "cpu");
        }
    }

    private void patch(String name, PatchableLayer layer, List<ActiveNetwork> wanted, Map<String, Integer> errors) {
        NDArray weight = layer.weight();
        NDArray bias = layer.bias();
        NDManager keep = store(weight);
        try (NDManager scope = keep.newSubManager(weight.getDevice())) {
            NDArray w = weight.toType(DataType.FLOAT32, true);
            w.attach(scope);
            NDArray w0 = w;
            NDArray b = null;
            if (bias != null) {
                b = bias.toType(DataType.FLOAT32, true);
                b.attach(scope);
            }
            boolean biasChanged = false;
            for (ActiveNetwork a : wanted) {
                NetworkModule module = a.network().modules().get(name);
                if (module == null) {
                    continue;
                }
                try {
                    NDArray[] next = step(module, a.multipliers(), w, b, scope, layer);
                    biasChanged |= next[1] != b;
                    w = next[0];
                    b = next[1];
                } catch (RuntimeException e) {
                    LOG.debug("Network {} layer {}: {}", a.network().name(), name, e.getMessage());
                    errors.merge(a.network().name(), 1, Integer::sum);
                }
            }
            // A weight whose values did not change keeps its storage: the same values in a new tensor can
            // take another kernel path (alignment) and differ in the last bit (multiplier 0 must be a no-op).
            boolean weightChanged = w != w0 && !w.contentEquals(w0);
            if (weightChanged || biasChanged) {
                commit(layer, weightChanged ? w : null, biasChanged ? b : null, keep);
            }
        }
    }

    /**
     * torch MultiheadAttention: {@code in_proj_weight} [3C, C] gets the q, k and v deltas stacked, each
     * computed from its third of the weight; {@code out_proj.weight} the out delta when it is raw too (a
     * registered out_proj Linear is patched as a layer). A network needs all four modules.
     * Ref: networks.py network_apply_weights, the MultiheadAttention branch.
     */
    private void patchMha(String name, String path, List<ActiveNetwork> wanted, Map<String, Integer> errors) {
        NDArray inProj = layers.tensor(path + ".in_proj_weight").orElseThrow();
        NDArray outProj = layers.layer(name + "_out_proj").isPresent() ? null
                : layers.tensor(path + ".out_proj.weight").orElse(null);
        NDManager keep = store(inProj);
        try (NDManager scope = keep.newSubManager(inProj.getDevice())) {
            NDArray w = inProj.toType(DataType.FLOAT32, true);
            w.attach(scope);
            NDArray w0 = w;
            NDArray o = outProj == null ? null : outProj.toType(DataType.FLOAT32, true);
            if (o != null) {
                o.attach(scope);
            }
            NDArray o0 = o;
            for (ActiveNetwork a : wanted) {
                Map<String, NetworkModule> mods = a.network().modules();
                NetworkModule q = mods.get(name + "_q_proj");
                NetworkModule k = mods.get(name + "_k_proj");
                NetworkModule v = mods.get(name + "_v_proj");
                NetworkModule out = mods.get(name + "_out_proj");
                if (q == null || k == null || v == null || out == null) {
                    continue;
                }
                try {
                    ai.djl.ndarray.NDList parts = w.split(3, 0);
                    NDArray uq = step(q, a.multipliers(), parts.get(0), null, scope, new RawLayer(parts.get(0)))[0];
                    NDArray uk = step(k, a.multipliers(), parts.get(1), null, scope, new RawLayer(parts.get(1)))[0];
                    NDArray uv = step(v, a.multipliers(), parts.get(2), null, scope, new RawLayer(parts.get(2)))[0];
                    w = uq.concat(uk, 0).concat(uv, 0);
                    if (o != null) {
                        o = step(out, a.multipliers(), o, null, scope, new RawLayer(o))[0];
                    }
                } catch (RuntimeException e) {
                    LOG.debug("Network {} layer {}: {}", a.network().name(), name, e.getMessage());
                    errors.merge(a.network().name(), 1, Integer::sum);
                }
            }
            if (w != w0 && !w.contentEquals(w0)) {
                commit(new RawLayer(inProj), w, null, keep);
            }
            if (o != null && o != o0 && !o.contentEquals(o0)) {
                commit(new RawLayer(outProj), o, null, keep);
            }
        }
    }

    /** One network's delta on (w, b): returns the new pair; throws when it cannot be added. */
    private static NDArray[] step(NetworkModule module, Multipliers m, NDArray w, NDArray b, NDManager scope,
                                  PatchableLayer layer) {
        List<NDArray> tensors = new ArrayList<>(module.weights.w().values());
        for (NDArray t : tensors) {
            t.tempAttach(scope);
        }
        Delta d = module.calcUpdown(w, m);
        NDArray updown = d.updown();
        long[] ws = w.getShape().getShape();
        if (ws.length == 4 && ws[1] == 9 && updown.getShape().dimension() == 4 && updown.getShape().get(1) == 4) {
            // inpainting UNet: zero-pad the delta's input channels 4 -> 9 (A1111 pads (0,0,0,0,0,5))
            NDArray zeros = scope.zeros(new ai.djl.ndarray.types.Shape(ws[0], 5, ws[2], ws[3]));
            updown = updown.concat(zeros, 1);
        }
        NDArray nw = w.add(updown.toDevice(w.getDevice(), false));
        if (!nw.getShape().equals(w.getShape())) {
            throw new IllegalArgumentException("delta " + updown.getShape() + " does not fit weight " + w.getShape());
        }
        NDArray nb = b;
        if (d.exBias() != null) {
            if (b == null && layer.kind() != PatchableLayer.Kind.LINEAR) {
                throw new IllegalArgumentException("layer has no bias");
            }
            nb = b == null ? d.exBias().toType(DataType.FLOAT32, true) : b.add(d.exBias());
            if (b != null && !nb.getShape().equals(b.getShape())) {
                throw new IllegalArgumentException("bias delta " + d.exBias().getShape() + " does not fit " + b.getShape());
            }
            nb.attach(scope);
        }
        return new NDArray[] {nw, nb};
    }

    /** Stores the patched values in the layer (its dtype), keeping the originals for {@link #restore()}. */
    private void commit(PatchableLayer layer, NDArray w, NDArray b, NDManager keep) {
        NDArray weight = layer.weight();
        NDArray wBackup = null;
        if (w != null) {
            wBackup = ops.alias(weight);
            wBackup.attach(keep);
            ops.setData(weight, w.toType(weight.getDataType(), false));
        }
        NDArray bBackup = null;
        NDArray created = null;
        if (b != null) {
            NDArray bias = layer.bias();
            if (bias == null) {
                created = b.duplicate();
                created.attach(keep);
                layer.replaceBias(created);
            } else {
                bBackup = ops.alias(bias);
                bBackup.attach(keep);
                ops.setData(bias, b.toType(bias.getDataType(), false));
            }
        }
        layer.weightsChanged();
        backups.add(new Backup(layer, wBackup, bBackup, created));
    }

    /** Where backups live: a child of the model weights' manager (freed with the model at the latest). */
    private NDManager store(NDArray modelWeight) {
        if (store == null) {
            store = modelWeight.getManager().newSubManager();
        }
        return store;
    }

    @Override
    public synchronized void close() {
        backups.clear();
        if (store != null) {
            store.close();
            store = null;
        }
    }
}
