package dev.sdwebui.model.registry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/** Recursive listing of model files by extension, skipping hidden files and folders (A1111 default). */
final class ModelFiles {

    private ModelFiles() {
    }

    /** Files under dir (recursive) whose lower-cased name ends with one of the suffixes; sorted. */
    static List<Path> list(Path dir, List<String> suffixes) throws IOException {
        if (dir == null || !Files.isDirectory(dir)) {
            return List.of();
        }
        List<Path> out = new ArrayList<>();
        try (Stream<Path> s = Files.walk(dir)) {
            s.filter(Files::isRegularFile)
                    .filter(p -> !hidden(dir, p))
                    .filter(p -> suffixes.stream().anyMatch(x -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(x)))
                    .sorted()
                    .forEach(out::add);
        }
        return out;
    }

    /** '/'-separated path relative to the folder, or the file name when outside it. */
    static String relativeName(Path dir, Path file) {
        if (dir != null && file.startsWith(dir)) {
            return dir.relativize(file).toString().replace('\\', '/');
        }
        return file.getFileName().toString();
    }

    private static boolean hidden(Path dir, Path p) {
        for (Path part : dir.relativize(p)) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }
}
