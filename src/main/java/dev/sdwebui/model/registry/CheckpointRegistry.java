package dev.sdwebui.model.registry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lists the checkpoints of the checkpoint folders (recursive, {@code .safetensors} and {@code .ckpt}) plus
 * the file named by --ckpt, like A1111's {@code sd_models.list_models}. Only lists files: loading is the
 * model cache's job. sha256 comes from cache.json; {@link #computeMissingHashes()} fills the rest (slow
 * for multi-GB files, so the wiring runs it in the background). Thread-safe: readers see immutable snapshots.
 */
public final class CheckpointRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(CheckpointRegistry.class);
    private static final List<String> SUFFIXES = List.of(".safetensors", ".ckpt");

    private final List<Path> dirs;
    private final Path explicitCkpt;
    private final HashCache cache;
    private final boolean hashing;
    private final Supplier<String> selectedSetting;
    private volatile List<CheckpointInfo> entries = List.of();

    /**
     * @param dirs            checkpoint folders, first = models/Stable-diffusion
     * @param explicitCkpt    --ckpt file or null
     * @param cache           cache.json
     * @param hashing         false with --no-hashing
     * @param selectedSetting current value of the setting {@code sd_model_checkpoint}
     */
    public CheckpointRegistry(List<Path> dirs, Path explicitCkpt, HashCache cache, boolean hashing,
                              Supplier<String> selectedSetting) {
        this.dirs = List.copyOf(dirs);
        this.explicitCkpt = explicitCkpt;
        this.cache = cache;
        this.hashing = hashing;
        this.selectedSetting = selectedSetting;
    }

    /** The current list, sorted by title (A1111 sorts case-insensitively by title). */
    public List<CheckpointInfo> list() {
        return entries;
    }

    /** Rescans the folders; hashes known to cache.json are filled in, others stay null. */
    public synchronized List<CheckpointInfo> refresh() {
        Map<Path, CheckpointInfo> found = new LinkedHashMap<>();
        try {
            if (explicitCkpt != null && Files.isRegularFile(explicitCkpt)) {
                found.put(explicitCkpt, info(null, explicitCkpt));
            }
            for (Path dir : dirs) {
                for (Path f : ModelFiles.list(dir, SUFFIXES)) {
                    found.putIfAbsent(f, info(dir, f));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<CheckpointInfo> list = new ArrayList<>(found.values());
        list.sort((a, b) -> a.title().compareToIgnoreCase(b.title()));
        entries = List.copyOf(list);
        return entries;
    }

    /** Computes the sha256 of every entry without one (no-op with --no-hashing); updates cache.json. */
    public void computeMissingHashes() {
        if (!hashing) {
            return;
        }
        for (CheckpointInfo c : list()) {
            if (c.sha256() != null) {
                continue;
            }
            try {
                long t0 = System.nanoTime();
                String h = cache.sha256(c.cacheKey(), c.filename());
                LOG.info("Calculated sha256 of {}: {} ({} ms)", c.name(), h, (System.nanoTime() - t0) / 1_000_000);
                replace(c, c.withSha256(h));
            } catch (IOException e) {
                LOG.warn("cannot hash {}: {}", c.filename(), e.getMessage());
            }
        }
    }

    private synchronized void replace(CheckpointInfo old, CheckpointInfo now) {
        List<CheckpointInfo> list = new ArrayList<>(entries);
        int i = list.indexOf(old);
        if (i >= 0) {
            list.set(i, now);
            list.sort((a, b) -> a.title().compareToIgnoreCase(b.title()));
            entries = List.copyOf(list);
        }
    }

    /** The checkpoint with this title, name, model_name, hash, sha256 or path. */
    public Optional<CheckpointInfo> find(String id) {
        return list().stream().filter(c -> c.matches(id)).findFirst();
    }

    /** Start-up choice: --ckpt, else the setting sd_model_checkpoint, else the first listed. */
    public Optional<CheckpointInfo> selected() {
        if (explicitCkpt != null) {
            Optional<CheckpointInfo> e = list().stream().filter(c -> c.filename().equals(explicitCkpt)).findFirst();
            if (e.isPresent()) {
                return e;
            }
        }
        Optional<CheckpointInfo> fromSetting = find(selectedSetting.get());
        return fromSetting.isPresent() ? fromSetting : list().stream().findFirst();
    }

    /** The message shown when nothing is found. */
    public String emptyMessage() {
        return "no checkpoint found in " + dirs.get(0) + "; put a .safetensors there or pass --ckpt";
    }

    private CheckpointInfo info(Path dir, Path f) throws IOException {
        String name = ModelFiles.relativeName(dir != null ? dir : dirs.get(0), f);
        String stem = name.replaceAll("\\.[^./]+$", "");
        String modelName = stem.replace('/', '_');
        String fileStem = f.getFileName().toString().replaceAll("\\.[^.]+$", "");
        Path yaml = f.resolveSibling(fileStem + ".yaml");
        CheckpointInfo c = new CheckpointInfo(name, modelName, f, null, FileHashes.legacyModelHash(f),
                Files.isRegularFile(yaml) ? yaml : null);
        return hashing ? cache.get(c.cacheKey(), f).map(c::withSha256).orElse(c) : c;
    }
}
