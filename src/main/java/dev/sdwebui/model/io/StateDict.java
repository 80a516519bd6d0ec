package dev.sdwebui.model.io;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Collections;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * A checkpoint's tensors by name, all owned by one {@link NDManager}.
 *
 * <p>Ownership: the dict returned by {@link WeightsReader#read} owns its manager; {@link #close()} closes
 * it and with it every tensor (file mappings are released by the JVM once no tensor references them).
 * {@link #withPrefix} and {@link #rekeyed} return <em>views</em> over the same tensors: closing a view does
 * nothing, and a view is unusable once its owner is closed.
 *
 * <p>Tensors may be zero-copy views of a read-only file mapping (F32 files, integer tensors, or any tensor
 * read without upcast). Never apply an in-place op ({@code addi}, {@code muli}, ...) to them: that is a
 * SIGSEGV, not an exception (djl-notes.md section 4). Use them as operands or copy with {@code duplicate()}.
 */
public final class StateDict implements AutoCloseable {

    private final NDManager manager;
    private final NavigableMap<String, NDArray> tensors;
    private final Map<String, String> metadata;
    private final boolean owner;

    private StateDict(NDManager manager, NavigableMap<String, NDArray> tensors, Map<String, String> metadata,
                      boolean owner) {
        this.manager = Objects.requireNonNull(manager, "manager");
        this.tensors = Collections.unmodifiableNavigableMap(tensors);
        this.metadata = Map.copyOf(metadata);
        this.owner = owner;
    }

    /** An owning dict over tensors that already live in {@code manager} (closing it closes the manager). */
    public static StateDict owning(NDManager manager, Map<String, NDArray> tensors, Map<String, String> metadata) {
        return new StateDict(manager, new TreeMap<>(tensors), metadata, true);
    }

    /** The tensor stored under {@code key}. */
    public NDArray get(String key) {
        NDArray a = tensors.get(key);
        if (a == null) {
            throw new IllegalArgumentException("missing tensor: " + key);
        }
        return a;
    }

    public Optional<NDArray> find(String key) {
        return Optional.ofNullable(tensors.get(key));
    }

    public boolean contains(String key) {
        return tensors.containsKey(key);
    }

    /** All keys, sorted. */
    public Set<String> keys() {
        return tensors.navigableKeySet();
    }

    public int size() {
        return tensors.size();
    }

    /** The safetensors {@code __metadata__} map (empty for .ckpt files). */
    public Map<String, String> metadata() {
        return metadata;
    }

    /** The key -> tensor map (unmodifiable, sorted). */
    public NavigableMap<String, NDArray> asMap() {
        return tensors;
    }

    /**
     * A view of the keys starting with {@code prefix}, with the prefix stripped; no tensor is copied.
     * Example: {@code withPrefix("model.diffusion_model.")} gives {@code input_blocks.0.0.weight}, ...
     */
    public StateDict withPrefix(String prefix) {
        NavigableMap<String, NDArray> view = new TreeMap<>();
        for (Map.Entry<String, NDArray> e : tensors.tailMap(prefix, true).entrySet()) {
            if (!e.getKey().startsWith(prefix)) {
                break; // sorted: no later key can have the prefix
            }
            view.put(e.getKey().substring(prefix.length()), e.getValue());
        }
        return new StateDict(manager, view, metadata, false);
    }

    /**
     * A view with renamed keys: {@code newKeyToOldKey} maps each key of the view to a key of this dict.
     * Keys not mentioned are left out. Used by {@code model.keys} to normalise key dialects without copies.
     */
    public StateDict rekeyed(Map<String, String> newKeyToOldKey) {
        NavigableMap<String, NDArray> view = new TreeMap<>();
        newKeyToOldKey.forEach((newKey, oldKey) -> view.put(newKey, get(oldKey)));
        return new StateDict(manager, view, metadata, false);
    }

    /**
     * A view in which the tensors of {@code replacements} (same keys, living in this dict's manager) stand
     * in for the stored ones, e.g. fp16 copies; the caller closes the replaced originals.
     */
    public StateDict replacing(Map<String, NDArray> replacements) {
        NavigableMap<String, NDArray> view = new TreeMap<>(tensors);
        replacements.forEach((k, v) -> {
            if (!tensors.containsKey(k)) {
                throw new IllegalArgumentException("no tensor to replace: " + k);
            }
            view.put(k, v);
        });
        return new StateDict(manager, view, metadata, false);
    }

    /** The manager owning every tensor of this dict (for a view: its owner's manager). */
    public NDManager manager() {
        return manager;
    }

    /** True for the dict returned by the reader, false for views. */
    public boolean isOwner() {
        return owner;
    }

    /** Closes the manager and every tensor; a no-op on views. */
    @Override
    public void close() {
        if (owner) {
            manager.close();
        }
    }

    @Override
    public String toString() {
        return "StateDict[" + tensors.size() + " tensors" + (owner ? "" : ", view") + "]";
    }
}
