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

/**
 * Lists VAEs like A1111's {@code sd_vae.refresh_vae_list}: {@code .pt/.ckpt/.safetensors} in the VAE
 * folders, {@code *.vae.pt/.vae.ckpt/.vae.safetensors} next to checkpoints, and --vae-path.
 */
public final class VaeRegistry {

    private static final List<String> VAE_SUFFIXES = List.of(".pt", ".ckpt", ".safetensors");
    private static final List<String> NEXT_TO_CKPT = List.of(".vae.pt", ".vae.ckpt", ".vae.safetensors");

    private final List<Path> vaeDirs;
    private final List<Path> checkpointDirs;
    private final Path vaePath;
    private final HashCache cache;
    private final boolean hashing;
    private volatile List<VaeInfo> entries = List.of();

    public VaeRegistry(List<Path> vaeDirs, List<Path> checkpointDirs, Path vaePath, HashCache cache, boolean hashing) {
        this.vaeDirs = List.copyOf(vaeDirs);
        this.checkpointDirs = List.copyOf(checkpointDirs);
        this.vaePath = vaePath;
        this.cache = cache;
        this.hashing = hashing;
    }

    public List<VaeInfo> list() {
        return entries;
    }

    /** Rescans; cached hashes are filled in. */
    public synchronized List<VaeInfo> refresh() {
        Map<Path, VaeInfo> found = new LinkedHashMap<>();
        try {
            if (vaePath != null && Files.isRegularFile(vaePath)) {
                found.put(vaePath, info(vaePath));
            }
            for (Path d : checkpointDirs) {
                for (Path f : ModelFiles.list(d, NEXT_TO_CKPT)) {
                    found.putIfAbsent(f, info(f));
                }
            }
            for (Path d : vaeDirs) {
                for (Path f : ModelFiles.list(d, VAE_SUFFIXES)) {
                    found.putIfAbsent(f, info(f));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<VaeInfo> list = new ArrayList<>(found.values());
        list.sort((a, b) -> a.modelName().compareToIgnoreCase(b.modelName()));
        entries = List.copyOf(list);
        return entries;
    }

    /** Computes missing sha256 values (no-op with --no-hashing). */
    public synchronized void computeMissingHashes() throws IOException {
        if (!hashing) {
            return;
        }
        List<VaeInfo> out = new ArrayList<>();
        for (VaeInfo v : entries) {
            out.add(v.sha256() != null ? v
                    : new VaeInfo(v.modelName(), v.filename(), cache.sha256("vae/" + v.modelName(), v.filename())));
        }
        entries = List.copyOf(out);
    }

    /** The VAE with this file name or path. */
    public Optional<VaeInfo> find(String nameOrPath) {
        return list().stream().filter(v -> v.modelName().equals(nameOrPath) || v.filename().toString().equals(nameOrPath))
                .findFirst();
    }

    private VaeInfo info(Path f) throws IOException {
        String name = f.getFileName().toString();
        String sha = hashing ? cache.get("vae/" + name, f).orElse(null) : null;
        return new VaeInfo(name, f, sha);
    }
}
