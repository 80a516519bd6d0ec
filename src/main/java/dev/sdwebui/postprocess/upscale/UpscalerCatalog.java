package dev.sdwebui.postprocess.upscale;

import dev.sdwebui.postprocess.ImageUpscaler;
import dev.sdwebui.postprocess.Upscaler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToIntFunction;
import java.util.stream.Stream;

/**
 * A1111's {@code shared.sd_upscalers}: None, Lanczos, Nearest, then every model file found in the upscaler
 * folders, sorted by lower-case name (modelloader.py {@code load_upscalers}). A file is listed by its name
 * without extension (modelloader {@code friendly_name}); in the RealESRGAN folder A1111's built-in file
 * names get their built-in names ("R-ESRGAN 4x+", ...). Folders are read on every call, so files dropped in
 * appear without a restart; nothing is downloaded.
 */
public final class UpscalerCatalog {

    private static final List<String> EXTENSIONS = List.of(".pth", ".pt", ".safetensors");

    private final Map<String, Path> dirs;
    private final UpscaleModelCache models;
    private final ToIntFunction<String> setting;

    /**
     * @param dirs    folder per {@link UpscalerKind#folder()} (DataPaths.upscalerDirs); missing folders are empty
     * @param setting integer settings by key (ESRGAN_tile, ...)
     */
    public UpscalerCatalog(Map<String, Path> dirs, UpscaleModelCache models, ToIntFunction<String> setting) {
        this.dirs = Map.copyOf(dirs);
        this.models = models;
        this.setting = setting;
    }

    /** A catalog with the built-in upscalers only (no model folders). */
    public static UpscalerCatalog builtInOnly() {
        return new UpscalerCatalog(Map.of(), null, k -> 0);
    }

    public List<ImageUpscaler> all() {
        List<ImageUpscaler> out = new ArrayList<>(Upscaler.all());
        List<ModelUpscaler> found = models();
        found.sort(Comparator.comparing(u -> u.label().toLowerCase(Locale.ROOT)));
        out.addAll(found);
        return out;
    }

    /** Exact (case-sensitive) lookup by name, as A1111. */
    public Optional<ImageUpscaler> byName(String name) {
        if (name == null) {
            return Optional.empty();
        }
        return all().stream().filter(u -> u.label().equals(name)).findFirst();
    }

    /** The model upscalers, in folder order (ESRGAN, RealESRGAN, DAT, SwinIR, ScuNET). */
    public List<ModelUpscaler> models() {
        List<ModelUpscaler> out = new ArrayList<>();
        if (models == null) {
            return out;
        }
        for (UpscalerKind kind : UpscalerKind.values()) {
            Path dir = dirs.get(kind.folder());
            for (Path f : files(dir)) {
                String file = f.getFileName().toString();
                String stem = file.substring(0, file.lastIndexOf('.'));
                Optional<RealEsrganBuiltIn> builtIn = kind == UpscalerKind.REAL_ESRGAN
                        ? RealEsrganBuiltIn.byFileName(file) : Optional.empty();
                String label = builtIn.map(RealEsrganBuiltIn::label).orElse(stem);
                double scale = builtIn.map(RealEsrganBuiltIn::scale).orElse(4.0);
                String url = builtIn.map(RealEsrganBuiltIn::url).orElse(null);
                out.add(new ModelUpscaler(label, f, url, kind, scale, models, setting));
            }
        }
        return out;
    }

    private static List<Path> files(Path dir) {
        if (dir == null || !Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile)
                    .filter(p -> EXTENSIONS.stream().anyMatch(e -> p.getFileName().toString().toLowerCase(Locale.ROOT)
                            .endsWith(e)))
                    .sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }
}
