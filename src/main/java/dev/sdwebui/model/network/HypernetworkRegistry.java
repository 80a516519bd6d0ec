package dev.sdwebui.model.network;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The hypernetworks of {@code --hypernetwork-dir} (models/hypernetworks): every {@code .pt} below it,
 * sorted by lower-cased path, by file stem (a later file of the same stem wins); "None" is never listed.
 * Ref: A1111 modules/hypernetworks/hypernetwork.py {@code list_hypernetworks}. Thread-safe.
 */
public final class HypernetworkRegistry {

    private final Path dir;
    private Map<String, Path> byName = Map.of();

    public HypernetworkRegistry(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    public synchronized void refresh() {
        Map<String, Path> out = new LinkedHashMap<>();
        if (dir != null && Files.isDirectory(dir)) {
            try (Stream<Path> s = Files.walk(dir, java.nio.file.FileVisitOption.FOLLOW_LINKS)) {
                s.filter(Files::isRegularFile).filter(p -> p.getFileName().toString().endsWith(".pt"))
                        .sorted(Comparator.comparing(p -> p.toString().toLowerCase(Locale.ROOT)))
                        .forEach(p -> {
                            String fn = p.getFileName().toString();
                            String name = fn.substring(0, fn.length() - 3);
                            if (!name.equals("None")) {
                                out.put(name, p.toAbsolutePath());
                            }
                        });
            } catch (IOException | UncheckedIOException e) {
                throw new UncheckedIOException("cannot list hypernetworks in " + dir,
                        e instanceof IOException io ? io : ((UncheckedIOException) e).getCause());
            }
        }
        byName = out;
    }

    /** Name -> file, in A1111's order. */
    public synchronized Map<String, Path> all() {
        return java.util.Collections.unmodifiableMap(byName);
    }

    public synchronized Optional<Path> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }
}
