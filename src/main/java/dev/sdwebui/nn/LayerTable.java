package dev.sdwebui.nn;

import ai.djl.ndarray.NDArray;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Every patchable layer of one model under A1111's network layer name, plus the raw state-dict lookup
 * (for tensors no layer object owns, such as OpenCLIP's {@code attn.in_proj_weight}). Filled while the
 * block tree is built ({@link Weights} registers each Linear/Conv2d/GroupNorm/LayerNorm), so any model
 * family built from these primitives is covered without a per-family list.
 *
 * <p>Naming (Ref: A1111 Lora networks.py {@code assign_network_names_to_compvis_modules}): the module's
 * state-dict path relative to {@code cond_stage_model} (SD 1.x/2.x text encoder), to {@code model}
 * (the UNet: {@code diffusion_model...}) or, for SDXL, {@code conditioner.embedders.N} -> prefix
 * {@code N_}, with every {@code .} replaced by {@code _}. VAE layers have no network name.
 */
public final class LayerTable {

    private final Map<String, PatchableLayer> layers = Collections.synchronizedMap(new LinkedHashMap<>());
    private final Map<String, String> rawModules = Collections.synchronizedMap(new LinkedHashMap<>());
    private final Function<String, Optional<NDArray>> lookup;
    private volatile java.util.List<ContextTransform> contextTransforms = java.util.List.of();

    LayerTable(Function<String, Optional<NDArray>> lookup) {
        this.lookup = lookup;
    }

    /** An empty table over a lookup (tests, tools). */
    public static LayerTable over(Function<String, Optional<NDArray>> lookup) {
        return new LayerTable(lookup);
    }

    void register(String modulePath, PatchableLayer layer) {
        String name = networkName(modulePath);
        if (name != null) {
            layers.put(name, layer);
        }
    }

    /**
     * A module whose weights are read as raw tensors, not through a layer object: torch's
     * MultiheadAttention ({@code in_proj_weight} [3C, C], OpenCLIP text encoders of SD 2.x / SDXL).
     */
    void registerRaw(String modulePath) {
        String name = networkName(modulePath);
        if (name != null) {
            rawModules.put(name, modulePath);
            if (lookup.apply(modulePath + ".out_proj.weight").isPresent()) {
                rawModules.putIfAbsent(name + "_out_proj", modulePath + ".out_proj"); // a module of its own in torch
            }
        }
    }

    /** The state-dict module path of a raw (MultiheadAttention) module named {@code name}. */
    public Optional<String> rawModule(String name) {
        return Optional.ofNullable(rawModules.get(name));
    }

    /** Whether a raw (MultiheadAttention) module's name starts with {@code prefix}. */
    public boolean hasRawWithPrefix(String prefix) {
        synchronized (rawModules) {
            return rawModules.keySet().stream().anyMatch(k -> k.startsWith(prefix));
        }
    }

    /** The layer A1111 calls {@code name} ("diffusion_model_input_blocks_1_1_proj_in"). */
    public Optional<PatchableLayer> layer(String name) {
        return Optional.ofNullable(layers.get(name));
    }

    /** Whether {@code name} is a module of the model: a registered layer or a state-dict module prefix. */
    public boolean has(String name) {
        return layers.containsKey(name) || rawModules.containsKey(name);
    }

    /** The raw state-dict tensor under its full key ("cond_stage_model.model.transformer..."). */
    public Optional<NDArray> tensor(String fullKey) {
        return lookup.apply(fullKey);
    }

    /**
     * The hypernetworks every cross-attention layer of the model applies to its k/v context, in order
     * (empty: none). Ref: A1111 {@code shared.loaded_hypernetworks}.
     */
    public java.util.List<ContextTransform> contextTransforms() {
        return contextTransforms;
    }

    public void setContextTransforms(java.util.List<ContextTransform> transforms) {
        this.contextTransforms = java.util.List.copyOf(transforms);
    }

    /** Names of every registered layer, in build order. */
    public java.util.List<String> names() {
        synchronized (layers) {
            return java.util.List.copyOf(layers.keySet());
        }
    }

    /**
     * A1111's network layer name of a state-dict module path, or null for modules networks never touch.
     * {@code model.diffusion_model.input_blocks.1.1.proj_in} -> {@code diffusion_model_input_blocks_1_1_proj_in};
     * {@code cond_stage_model.transformer.text_model.encoder.layers.0.mlp.fc1} ->
     * {@code transformer_text_model_encoder_layers_0_mlp_fc1};
     * {@code conditioner.embedders.1.model.transformer.resblocks.0.attn} -> {@code 1_model_transformer_resblocks_0_attn}.
     */
    public static String networkName(String modulePath) {
        String rest;
        if (modulePath.startsWith("model.diffusion_model.")) {
            rest = modulePath.substring("model.".length());
        } else if (modulePath.startsWith("cond_stage_model.")) {
            rest = modulePath.substring("cond_stage_model.".length());
        } else if (modulePath.startsWith("conditioner.embedders.")) {
            rest = modulePath.substring("conditioner.embedders.".length());
        } else {
            return null;
        }
        return rest.replace('.', '_');
    }
}
