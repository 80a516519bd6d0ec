package dev.sdwebui.config;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;

/**
 * The folder where DJL extracts libtorch from the pytorch-native jar ({@code <cache>/pytorch}). The cache
 * root follows DJL's lookup: system property / env {@code ENGINE_CACHE_DIR}, then {@code DJL_CACHE_DIR},
 * then {@code ~/.djl.ai}. {@code --reinstall-torch} deletes it so the next model load re-extracts it:
 * the nearest JVM meaning of A1111's "pip install torch again".
 */
public final class NativeLibraryCache {

    private NativeLibraryCache() {
    }

    /** The extracted-libtorch folder for this environment. */
    public static Path pytorchDir(Map<String, String> env) {
        String root = System.getProperty("ENGINE_CACHE_DIR", env.get("ENGINE_CACHE_DIR"));
        if (root == null) {
            root = System.getProperty("DJL_CACHE_DIR", env.get("DJL_CACHE_DIR"));
        }
        Path base = root != null ? Path.of(root) : Path.of(System.getProperty("user.home"), ".djl.ai");
        return base.resolve("pytorch");
    }

    /** Deletes the folder recursively; returns whether something was deleted. */
    public static boolean delete(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
        return true;
    }
}
