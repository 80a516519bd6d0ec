package dev.sdwebui.nn;

import ai.djl.ndarray.NDArray;
import java.util.Collections;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * A view of checkpoint tensors under a key prefix (e.g. {@code model.diffusion_model.}). Blocks
 * ask for their weights by the exact checkpoint key relative to their own prefix, so building the
 * block tree <em>is</em> the key mapping. Every key handed out is recorded, which lets the loader
 * report unused ("unexpected") keys; a missing key fails with the full key name.
 */
public final class Weights {

    private final Function<String, Optional<NDArray>> lookup;
    private final String prefix;
    private final Set<String> used;
    private final LayerTable layers;

    private Weights(Function<String, Optional<NDArray>> lookup, String prefix, Set<String> used, LayerTable layers) {
        this.lookup = lookup;
        this.prefix = prefix;
        this.used = used;
        this.layers = layers;
    }

    /** A root view over {@code lookup} (full checkpoint key -> tensor). */
    public static Weights of(Function<String, Optional<NDArray>> lookup) {
        return new Weights(lookup, "", Collections.synchronizedSet(new HashSet<>()), new LayerTable(lookup));
    }

    /** The view of the child named {@code name} (prefix + name + "."). */
    public Weights at(String name) {
        return new Weights(lookup, prefix + name + ".", used, layers);
    }

    public String prefix() {
        return prefix;
    }

    /** The tensor at {@code prefix + key}; throws a clear error naming the full key when absent. */
    public NDArray get(String key) {
        return find(key).orElseThrow(() -> new IllegalArgumentException(
                "checkpoint is missing the weight '" + prefix + key + "'"));
    }

    public Optional<NDArray> find(String key) {
        Optional<NDArray> a = lookup.apply(prefix + key);
        a.ifPresent(x -> used.add(prefix + key));
        if (a.isPresent() && "in_proj_weight".equals(key) && !prefix.isEmpty()) {
            layers.registerRaw(prefix.substring(0, prefix.length() - 1)); // torch MultiheadAttention
        }
        return a;
    }

    public boolean has(String key) {
        return lookup.apply(prefix + key).isPresent();
    }

    /** The layers built over this root so far, by A1111 network layer name (shared by all views). */
    public LayerTable layers() {
        return layers;
    }

    /** Registers the layer built over this view (its module path is this view's prefix). */
    void register(PatchableLayer layer) {
        if (!prefix.isEmpty()) {
            layers.register(prefix.substring(0, prefix.length() - 1), layer);
        }
    }

    /** Full keys handed out so far, over all views sharing this root. */
    public Set<String> usedKeys() {
        synchronized (used) {
            return Set.copyOf(used);
        }
    }
}
