package dev.sdwebui.pipeline;

import ai.djl.ndarray.NDManager;
import dev.sdwebui.model.io.WeightsFormatException;
import dev.sdwebui.model.network.HypernetworkRegistry;
import dev.sdwebui.model.network.HypernetworkSpec;
import dev.sdwebui.model.network.NetworkOnDisk;
import dev.sdwebui.model.network.NetworkRegistry;
import dev.sdwebui.nn.SdModel;
import dev.sdwebui.nn.network.ActiveNetwork;
import dev.sdwebui.nn.network.Hypernetwork;
import dev.sdwebui.nn.network.LoadedNetwork;
import dev.sdwebui.nn.network.Multipliers;
import dev.sdwebui.nn.network.NetworkLoader;
import dev.sdwebui.prompt.parse.ExtraNetworkParams;
import dev.sdwebui.prompt.parse.ExtraNetworkPrompts;
import dev.sdwebui.prompt.parse.ExtraNetworks;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Extra networks at generation: the tags of a batch's prompts are removed and the networks they name
 * are applied to the model's weights ({@code <lora:...>}, {@code <lyco:...>}); negative prompts are left
 * as they are (A1111 parses only the positive prompts). Loaded networks are kept while they stay in use.
 * One generation at a time (the worker thread).
 *
 * <p>Ref: A1111 modules/extra_networks.py {@code parse_prompts} / {@code activate} (the first prompt of
 * the batch decides), extensions-builtin/Lora/extra_networks_lora.py {@code activate} (multipliers,
 * {@code Lora hashes}) and networks.py {@code load_networks} ("Lora not found: ...").
 */
public final class ExtraNetworkService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ExtraNetworkService.class);
    private static final Set<String> KNOWN = Set.of("lora", "lyco", "hypernet");

    /**
     * One batch's outcome.
     *
     * @param prompts  the prompts without their tags (what the text encoder sees)
     * @param infotext {@code Lora hashes} when networks were applied
     * @param comments A1111's comments under the infotext ("Lora not found: x", "Networks with errors: ...")
     * @param changed  the model's weights changed (conditioning computed before is stale)
     */
    public record Activation(List<String> prompts, Map<String, Object> infotext, List<String> comments,
                             boolean changed) {
    }

    private final NetworkRegistry loras;
    private final HypernetworkRegistry hypernetworks;
    private final Map<String, LoadedNetwork> cache = new HashMap<>();
    private final Map<String, Object[]> hyperCache = new HashMap<>(); // name -> {mtime, Hypernetwork}
    private List<Object> currentHyper = List.of();
    private SdModel cachedFor;
    private List<ActiveNetwork> current = List.of();
    private NDManager manager;

    public ExtraNetworkService(NetworkRegistry loras) {
        this(loras, null);
    }

    /** @param hypernetworks the hypernetwork folder, or null for none */
    public ExtraNetworkService(NetworkRegistry loras, HypernetworkRegistry hypernetworks) {
        this.loras = loras;
        this.hypernetworks = hypernetworks;
    }

    public NetworkRegistry loras() {
        return loras;
    }

    /**
     * Removes the tags of {@code prompts} and applies what the first prompt names (nothing when
     * {@code disabled}: A1111 {@code disable_extra_networks}).
     */
    public synchronized Activation activate(SdModel model, List<String> prompts, boolean disabled, JobSettings settings) {
        ExtraNetworkPrompts parsed = ExtraNetworks.parseAll(prompts);
        List<String> comments = new ArrayList<>();
        List<ActiveNetwork> wanted = new ArrayList<>();
        Map<String, String> hashes = new LinkedHashMap<>();
        List<ExtraNetworkParams> hyper = new ArrayList<>();
        if (!disabled) {
            List<ExtraNetworkParams> params = new ArrayList<>();
            parsed.networks().forEach((kind, list) -> {
                if (kind.equals("lora") || kind.equals("lyco")) {
                    params.addAll(list);
                } else if (kind.equals("hypernet")) {
                    hyper.addAll(list);
                } else if (!KNOWN.contains(kind)) {
                    LOG.info("Skipping unknown extra network: {}", kind);
                }
            });
            wanted = resolve(model, params, comments, hashes);
        }
        boolean changed = !wanted.equals(current) | applyHypernetworks(model, hyper, comments);
        Map<String, Integer> errors = model.networks().apply(wanted);
        current = List.copyOf(wanted);
        release(wanted);
        if (!errors.isEmpty()) {
            comments.add(errorsComment(errors));
        }
        Map<String, Object> info = new LinkedHashMap<>();
        if (!hashes.isEmpty() && settings.bool("lora_add_hashes_to_infotext", true)) {
            List<String> parts = new ArrayList<>();
            hashes.forEach((k, v) -> parts.add(k + ": " + v));
            info.put("Lora hashes", String.join(", ", parts));
        }
        return new Activation(parsed.prompts(), info, comments, changed);
    }

    /** Ref: extra_networks_lora.py deactivate: "Networks with errors: a (2), b (1)". */
    static String errorsComment(Map<String, Integer> errors) {
        List<String> parts = new ArrayList<>();
        errors.forEach((k, v) -> parts.add(k + " (" + v + ")"));
        return "Networks with errors: " + String.join(", ", parts);
    }

    /** Ref: extra_networks_lora.py activate + networks.py load_networks. */
    private List<ActiveNetwork> resolve(SdModel model, List<ExtraNetworkParams> params, List<String> comments,
                                        Map<String, String> hashes) {
        List<ActiveNetwork> out = new ArrayList<>();
        List<String> notFound = new ArrayList<>();
        List<Object[]> asked = new ArrayList<>();
        try {
            for (ExtraNetworkParams p : params) {
                asked.add(new Object[] {p.positional().get(0), LoraArgs.of(p)});
            }
        } catch (RuntimeException e) {
            // A1111: the exception aborts the lora activation (errors.display), the job runs without networks
            LOG.error("activating extra network lora with arguments {}: {}", params, e.getMessage());
            comments.add("Error activating extra network lora: " + e.getMessage());
            return List.of();
        }
        for (Object[] a : asked) {
            String name = (String) a[0];
            NetworkOnDisk disk = loras.find(name).orElse(null);
            if (disk == null) {
                notFound.add(name);
                continue;
            }
            LoadedNetwork net = load(model, name, disk);
            if (net == null) {
                continue;
            }
            out.add(new ActiveNetwork(net, (Multipliers) a[1]));
            String hash = loras.sha256(disk);
            String shorthash = hash.length() >= 12 ? hash.substring(0, 12) : hash;
            if (!shorthash.isEmpty()) {
                hashes.put(name.replace(":", "").replace(",", ""), shorthash);
            }
        }
        if (!notFound.isEmpty()) {
            String msg = "Lora not found: " + String.join(", ", notFound);
            LOG.warn(msg);
            comments.add(msg);
        }
        return out;
    }

    /**
     * Ref: extra_networks_hypernet.py activate (name = items[0], multiplier = float(items[1]) or 1.0) and
     * hypernetwork.py load_hypernetworks (an unknown name is skipped). Returns whether the set changed.
     */
    private boolean applyHypernetworks(SdModel model, List<ExtraNetworkParams> params, List<String> comments) {
        switchModel(model);
        List<dev.sdwebui.nn.ContextTransform> active = new ArrayList<>();
        List<Object> key = new ArrayList<>();
        for (ExtraNetworkParams p : params) {
            String name = p.items().get(0);
            double mult;
            try {
                mult = p.items().size() > 1 ? LoraArgs.pyFloat(p.items().get(1)) : 1.0;
            } catch (NumberFormatException e) {
                LOG.error("activating extra network hypernet with arguments {}: {}", p.items(), e.getMessage());
                comments.add("Error activating extra network hypernet: " + e.getMessage());
                active.clear();
                key.clear();
                break;
            }
            Hypernetwork h = hypernetwork(model, name);
            if (h != null) {
                active.add(h.withMultiplier(mult));
                key.add(List.of(h, mult));
            }
        }
        model.layers().setContextTransforms(active);
        boolean changed = !key.equals(currentHyper);
        currentHyper = key;
        return changed;
    }

    private Hypernetwork hypernetwork(SdModel model, String name) {
        java.nio.file.Path file = hypernetworks == null ? null : hypernetworks.find(name).orElseGet(() -> {
            hypernetworks.refresh();
            return hypernetworks.find(name).orElse(null);
        });
        if (file == null) {
            LOG.info("Couldn't find hypernetwork with name {}", name);
            return null;
        }
        try {
            long mtime = java.nio.file.Files.getLastModifiedTime(file).toMillis();
            Object[] hit = hyperCache.get(name);
            if (hit != null && (long) hit[0] >= mtime) {
                return (Hypernetwork) hit[1];
            }
            if (hit != null) {
                ((Hypernetwork) hit[1]).close();
            }
            String stem = file.getFileName().toString().replaceFirst("\\.pt$", "");
            Hypernetwork h = Hypernetwork.of(HypernetworkSpec.read(file, stem), 1.0, model.ops(), manager());
            hyperCache.put(name, new Object[] {mtime, h});
            return h;
        } catch (WeightsFormatException | java.io.IOException | RuntimeException e) {
            LOG.error("Error loading hypernetwork {}: {}", file, e.getMessage());
            return null;
        }
    }

    /** Drops what was loaded for another model (a network's matching is per model). */
    private void switchModel(SdModel model) {
        if (cachedFor != model) {
            if (cachedFor != null) {
                cachedFor.layers().setContextTransforms(List.of());
            }
            cache.values().forEach(LoadedNetwork::close);
            cache.clear();
            hyperCache.values().forEach(h -> ((Hypernetwork) h[1]).close());
            hyperCache.clear();
            cachedFor = model;
            current = List.of();
            currentHyper = List.of();
        }
    }

    private LoadedNetwork load(SdModel model, String name, NetworkOnDisk disk) {
        if (cachedFor != model) {
            model.networks().restore(); // nothing of the old model's networks is reused
            switchModel(model);
        }
        LoadedNetwork hit = cache.get(name);
        try {
            long mtime = java.nio.file.Files.getLastModifiedTime(disk.path()).toMillis();
            if (hit != null && hit.file().equals(disk.path()) && hit.mtime() >= mtime) {
                return hit;
            }
            LoadedNetwork net = NetworkLoader.load(name, disk.path(), model.layers(), manager());
            cache.put(name, net);
            return net;
        } catch (WeightsFormatException | java.io.IOException | RuntimeException e) {
            LOG.error("loading network {}: {}", disk.path(), e.getMessage());
            return null;
        }
    }

    /** Closes the loaded networks no longer applied (A1111 keeps lora_in_memory_limit = 0 extra). */
    private void release(List<ActiveNetwork> inUse) {
        Set<LoadedNetwork> keep = new java.util.HashSet<>();
        inUse.forEach(a -> keep.add(a.network()));
        cache.values().removeIf(n -> {
            if (keep.contains(n)) {
                return false;
            }
            n.close();
            return true;
        });
    }

    private NDManager manager() {
        if (manager == null) {
            manager = NDManager.newBaseManager(ai.djl.Device.cpu(), "PyTorch");
        }
        return manager;
    }

    @Override
    public synchronized void close() {
        cache.values().forEach(LoadedNetwork::close);
        cache.clear();
        hyperCache.values().forEach(h -> ((Hypernetwork) h[1]).close());
        hyperCache.clear();
        if (manager != null) {
            manager.close();
        }
    }
}
