package dev.sdwebui.extensions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Lists the folders of extensions/ and reads their git metadata directly from {@code .git} (no git
 * process, no network). Installing and running extensions is a later feature.
 */
public final class ExtensionCatalog {

    private final Path dir;

    public ExtensionCatalog(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    /** Every non-hidden folder, sorted by name. */
    public List<ExtensionInfo> list() {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<ExtensionInfo> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.filter(Files::isDirectory).sorted().toList()) {
                String name = p.getFileName().toString();
                if (!name.startsWith(".")) {
                    out.add(read(name, p.resolve(".git")));
                }
            }
        } catch (IOException e) {
            return List.of();
        }
        return out;
    }

    private static ExtensionInfo read(String name, Path git) {
        if (!Files.isDirectory(git)) {
            return new ExtensionInfo(name, null, null, null, "", true);
        }
        String head = firstLine(git.resolve("HEAD"));
        String branch = null;
        String commit = head;
        if (head != null && head.startsWith("ref: ")) {
            String ref = head.substring(5).strip();
            branch = ref.startsWith("refs/heads/") ? ref.substring(11) : ref;
            commit = firstLine(git.resolve(ref));
        }
        String remote = remoteUrl(git.resolve("config"));
        return new ExtensionInfo(name, remote, branch, commit, commit == null ? "" : commit.substring(0, Math.min(8, commit.length())), true);
    }

    private static String remoteUrl(Path config) {
        try {
            boolean inOrigin = false;
            for (String line : Files.readAllLines(config, StandardCharsets.UTF_8)) {
                String l = line.strip();
                if (l.startsWith("[")) {
                    inOrigin = l.equals("[remote \"origin\"]");
                } else if (inOrigin && l.startsWith("url")) {
                    return l.substring(l.indexOf('=') + 1).strip();
                }
            }
        } catch (IOException e) {
            return null;
        }
        return null;
    }

    private static String firstLine(Path f) {
        try {
            return Files.isRegularFile(f) ? Files.readAllLines(f, StandardCharsets.UTF_8).stream().findFirst().map(String::strip).orElse(null) : null;
        } catch (IOException e) {
            return null;
        }
    }
}
