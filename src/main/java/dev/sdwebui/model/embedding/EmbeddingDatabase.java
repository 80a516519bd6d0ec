package dev.sdwebui.model.embedding;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Textual-inversion embeddings found in the embeddings folders ({@code --embeddings-dir}),
 * recursively: {@code .pt}, {@code .bin}, {@code .safetensors}. An embedding is "loaded" when its
 * vector width equals the text encoder's width, otherwise "skipped" with the reason.
 *
 * <p>Ref: A1111 textual_inversion.py {@code EmbeddingDatabase.load_from_dir/load_from_file}: name =
 * file stem; empty files ignored; a file that fails to load is reported and skipped. Image-embedded
 * embeddings (PNG/WEBP) are not supported and ignored (their previews share the folder).
 *
 * <p>Thread-safe: {@link #refresh()} swaps an immutable snapshot.
 */
public final class EmbeddingDatabase {

    private record Snapshot(Map<String, TextualInversion> loaded, Map<String, SkippedEmbedding> skipped, long version) {
    }

    private final List<Path> dirs;
    private final int expectedWidth;
    private final EmbeddingFileReader reader;
    private volatile Snapshot snapshot = new Snapshot(Map.of(), Map.of(), 0);

    /**
     * @param expectedWidth the text encoder's token-embedding width (768 SD1, 1024 SD2), or -1 to
     *                      accept any width
     * @param reader        reads one file into its dictionary (see {@link EmbeddingFileReader})
     */
    public EmbeddingDatabase(List<Path> dirs, int expectedWidth, EmbeddingFileReader reader) {
        this.dirs = List.copyOf(dirs);
        this.expectedWidth = expectedWidth;
        this.reader = reader;
    }

    /** Loaded embeddings by name, in load order. */
    public Map<String, TextualInversion> loaded() {
        return snapshot.loaded();
    }

    /** Skipped embedding files by name, with reasons. */
    public Map<String, SkippedEmbedding> skipped() {
        return snapshot.skipped();
    }

    public Optional<TextualInversion> get(String name) {
        return Optional.ofNullable(snapshot.loaded().get(name));
    }

    /** Increases on every refresh; caches of encoded prompts key on it. */
    public long version() {
        return snapshot.version();
    }

    /** Re-scans all folders (A1111: {@code POST /sdapi/v1/refresh-embeddings}). Never throws for bad files. */
    public synchronized void refresh() {
        Map<String, TextualInversion> loaded = new LinkedHashMap<>();
        Map<String, SkippedEmbedding> skipped = new LinkedHashMap<>();
        for (Path file : files()) {
            String name = stem(file);
            try {
                TextualInversion ti = load(file, name);
                loaded.remove(name);
                skipped.remove(name);
                if (expectedWidth == -1 || ti.width() == expectedWidth) {
                    loaded.put(name, ti);
                } else {
                    skipped.put(name, new SkippedEmbedding(name, file, "vector width " + ti.width()
                            + " does not match the text encoder width " + expectedWidth, ti));
                }
            } catch (IOException | RuntimeException e) {
                skipped.put(name, new SkippedEmbedding(name, file, "cannot load: " + e.getMessage(), null));
            }
        }
        snapshot = new Snapshot(Collections.unmodifiableMap(loaded), Collections.unmodifiableMap(skipped),
                snapshot.version() + 1);
    }

    private List<Path> files() {
        List<Path> out = new ArrayList<>();
        for (Path dir : dirs) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> walk = Files.walk(dir, java.nio.file.FileVisitOption.FOLLOW_LINKS)) {
                walk.filter(Files::isRegularFile).filter(EmbeddingDatabase::isEmbeddingFile)
                        .filter(EmbeddingDatabase::nonEmpty).sorted().forEach(out::add);
            } catch (IOException | java.io.UncheckedIOException e) {
                continue; // an unreadable folder contributes nothing, like os.walk
            }
        }
        return out;
    }

    private static boolean isEmbeddingFile(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".pt") || n.endsWith(".bin") || n.endsWith(".safetensors");
    }

    private static boolean nonEmpty(Path p) {
        try {
            return Files.size(p) > 0;
        } catch (IOException e) {
            return false;
        }
    }

    static String stem(Path file) {
        String n = file.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }

    private TextualInversion load(Path file, String name) throws IOException {
        Map<String, Object> data = reader.read(file);
        EmbeddingFormats.Vectors v = EmbeddingFormats.extract(data);
        return new TextualInversion(name, v.tensor().data(), v.count(), v.width(), sha256(file),
                intOrNull(data.get("step")), stringOrNull(data.get("sd_checkpoint")),
                stringOrNull(data.get("sd_checkpoint_name")), file);
    }

    private static Integer intOrNull(Object o) {
        return o instanceof Number n ? n.intValue() : null;
    }

    private static String stringOrNull(Object o) {
        return o instanceof String s ? s : null;
    }

    /** sha256 of the whole file, lower-case hex (A1111 {@code hashes.sha256}). */
    static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}
