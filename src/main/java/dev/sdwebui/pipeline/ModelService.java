package dev.sdwebui.pipeline;

import ai.djl.ndarray.NDManager;
import dev.sdwebui.model.io.WeightsFormatException;
import dev.sdwebui.model.registry.CheckpointInfo;
import dev.sdwebui.model.registry.CheckpointRegistry;
import dev.sdwebui.model.registry.HashCache;
import dev.sdwebui.nn.LoadOptions;
import dev.sdwebui.nn.SdModel;
import dev.sdwebui.nn.SdModelLoader;
import java.io.IOException;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the loaded checkpoint (one at a time, A1111's default {@code sd_checkpoints_limit = 1}).
 * Every method runs on the queue's worker thread (the callers submit them as queue items), so a
 * model is never swapped while a job samples with it; the methods are also synchronized so a
 * mistaken call from another thread cannot tear the state.
 *
 * <p>Which checkpoint: on first use the registry's start-up choice (--ckpt, else the setting
 * {@code sd_model_checkpoint}, else the first file); later, when the setting changes (POST
 * /sdapi/v1/options), the next job loads the newly selected file (A1111 reloads in the options
 * callback; here the load happens on the worker, as a queue item). A job's
 * {@code override_settings.sd_model_checkpoint} loads that file for the job; the next job without
 * the override goes back to the selected one, as A1111's restore-afterwards does.
 */
public final class ModelService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ModelService.class);

    private final CheckpointRegistry registry;
    private final Supplier<String> selectedSetting;
    private final HashCache hashCache;
    private final boolean hashing;
    private final LoadOptions loadOptions;
    private NDManager root;
    private LoadedModel loaded;
    private LoadedModel refiner;
    private CheckpointInfo base;
    private String lastSetting;

    /**
     * @param hashCache null: no sha256 (infotext then has no "Model hash", as A1111 with --no-hashing)
     */
    public ModelService(CheckpointRegistry registry, Supplier<String> selectedSetting, HashCache hashCache,
                        boolean hashing, LoadOptions loadOptions) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.selectedSetting = Objects.requireNonNull(selectedSetting, "selectedSetting");
        this.hashCache = hashCache;
        this.hashing = hashing;
        this.loadOptions = Objects.requireNonNull(loadOptions, "loadOptions");
    }

    /** The model in memory, if any. */
    public synchronized Optional<LoadedModel> current() {
        return Optional.ofNullable(loaded);
    }

    /**
     * The model a job should use, loading or switching as needed.
     *
     * @param override a checkpoint title/name/hash from override_settings, or null
     * @throws IllegalArgumentException when no checkpoint exists or the override names none
     */
    public synchronized LoadedModel require(String override) {
        CheckpointInfo target = override == null || override.isBlank() ? base()
                : registry.find(override).orElseThrow(() -> new IllegalArgumentException(
                        "Checkpoint not found: " + override));
        if (loaded != null && loaded.info().filename().equals(target.filename())) {
            return loaded;
        }
        unload();
        return load(target);
    }

    /**
     * Makes {@code target} the selected checkpoint and loads it now (POST /sdapi/v1/options with
     * sd_model_checkpoint; A1111's {@code reload_model_weights} in the setting's onchange). The caller
     * then stores the returned model's title in the setting, which {@link #require} reads. When the load
     * fails, the model that was loaded before is loaded again, the selection stays, and the failure is
     * rethrown. Ref: A1111 options.py {@code Options.set}: a failing onchange restores the old value.
     *
     * @throws IllegalArgumentException the file cannot be read as a checkpoint (the reason is the message)
     */
    public synchronized LoadedModel select(CheckpointInfo target) {
        CheckpointInfo previous = loaded != null ? loaded.info() : null;
        if (previous == null || !previous.filename().equals(target.filename())) {
            unload();
            try {
                load(target);
            } catch (RuntimeException e) {
                restore(previous);
                throw e;
            }
        }
        base = loaded.info();
        lastSetting = loaded.info().title();
        return loaded;
    }

    private void restore(CheckpointInfo previous) {
        if (previous == null) {
            return;
        }
        try {
            load(previous);
        } catch (RuntimeException again) {
            LOG.warn("cannot load the previous model {} again: {}", previous.title(), again.getMessage());
        }
    }

    /**
     * The refiner checkpoint of a job (A1111 {@code refiner_checkpoint}), loaded beside the current model and kept
     * for the next job; a different refiner replaces it. Unlike A1111 with {@code sd_checkpoints_limit = 1}, the base
     * model stays loaded, so base + refiner must fit in RAM together.
     *
     * @throws IllegalArgumentException when no checkpoint answers to {@code name}
     */
    public synchronized LoadedModel refiner(String name) {
        CheckpointInfo target = registry.find(name).orElseThrow(() -> new IllegalArgumentException(
                "Refiner checkpoint not found: " + name));
        if (loaded != null && loaded.info().filename().equals(target.filename())) {
            return loaded;
        }
        if (refiner != null && refiner.info().filename().equals(target.filename())) {
            return refiner;
        }
        unloadRefiner();
        LoadedModel previous = loaded;
        refiner = load(target);
        loaded = previous;
        return refiner;
    }

    private void unloadRefiner() {
        if (refiner != null) {
            LOG.info("Unloading refiner {}", refiner.info().title());
            refiner.model().close();
            refiner = null;
        }
    }

    /** Whether a checkpoint answers to {@code name} (title, name or hash), checked before queueing a job. */
    public boolean hasCheckpoint(String name) {
        return registry.find(name).isPresent();
    }

    /** Frees the model's native memory (POST /sdapi/v1/unload-checkpoint). */
    public synchronized void unload() {
        unloadRefiner();
        if (loaded != null) {
            LOG.info("Unloading model {}", loaded.info().title());
            loaded.model().close();
            loaded = null;
        }
    }

    /** Loads the selected checkpoint again (POST /sdapi/v1/reload-checkpoint); a no-op when it is loaded. */
    public synchronized LoadedModel reload() {
        return require(null);
    }

    private CheckpointInfo base() {
        String setting = selectedSetting.get();
        base = selection().orElseThrow(() -> new IllegalArgumentException(registry.emptyMessage()));
        lastSetting = setting;
        return base;
    }

    /**
     * The checkpoint the next job without an override uses (GET /sdapi/v1/options shows it): the loaded
     * one when it is that file (its title carries the hash), not a job's override_settings model.
     */
    public synchronized Optional<CheckpointInfo> selected() {
        Optional<CheckpointInfo> s = selection();
        if (loaded != null && s.isPresent() && loaded.info().filename().equals(s.get().filename())) {
            return Optional.of(loaded.info());
        }
        return s;
    }

    /** Start-up choice first (--ckpt), then whatever the setting names once it changes. */
    private Optional<CheckpointInfo> selection() {
        String setting = selectedSetting.get();
        if (base != null && Objects.equals(setting, lastSetting)) {
            return Optional.of(base);
        }
        Optional<CheckpointInfo> fromSetting = base == null ? Optional.empty() : registry.find(setting);
        return fromSetting.or(registry::selected);
    }

    private LoadedModel load(CheckpointInfo info) {
        InferenceThread.enter();
        CheckpointInfo hashed = withHash(info);
        LOG.info("Loading weights [{}] from {}", hashed.shortHash(), hashed.filename());
        long t0 = System.nanoTime();
        if (root == null) {
            // weights are read into host RAM; the model's placement policy moves them to its device
            root = NDManager.newBaseManager(ai.djl.Device.cpu());
        }
        SdModel model;
        try {
            model = SdModelLoader.load(hashed.filename(), root, loadOptions);
        } catch (WeightsFormatException | dev.sdwebui.model.detect.UnsupportedModelException e) {
            throw new IllegalArgumentException("Cannot load checkpoint " + hashed.name() + ": " + e.getMessage(), e);
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        LOG.info("Model {} loaded in {} s", hashed.title(), String.format(java.util.Locale.ROOT, "%.1f", ms / 1000.0));
        loaded = new LoadedModel(hashed, model, ms);
        return loaded;
    }

    private CheckpointInfo withHash(CheckpointInfo info) {
        if (info.sha256() != null || hashCache == null || !hashing) {
            return info;
        }
        try {
            return info.withSha256(hashCache.sha256(info.cacheKey(), info.filename()));
        } catch (IOException e) {
            LOG.warn("cannot hash {}: {}", info.filename(), e.getMessage());
            return info;
        }
    }

    @Override
    public synchronized void close() {
        unload();
        if (root != null) {
            root.close();
            root = null;
        }
    }
}
