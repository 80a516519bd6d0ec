package dev.sdwebui.config.styles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Prompt styles from one or more styles.csv files (--styles-file may repeat; A1111 1.8+). Reads the
 * header to find the columns (name, prompt, negative_prompt; extra columns ignored); a style named in
 * several files keeps the first. Writes go to the first file, with A1111's header. Thread-safe.
 */
public final class StylesStore {

    private static final List<String> HEADER = List.of("name", "prompt", "negative_prompt");
    private final List<Path> files;
    private Map<String, PromptStyle> styles = new LinkedHashMap<>();

    public StylesStore(List<Path> files) {
        if (files.isEmpty()) {
            throw new IllegalArgumentException("at least one styles file");
        }
        this.files = List.copyOf(files);
        reload();
    }

    /** Rereads every file. */
    public synchronized void reload() {
        Map<String, PromptStyle> m = new LinkedHashMap<>();
        for (Path f : files) {
            if (Files.isRegularFile(f)) {
                read(f).forEach(s -> m.putIfAbsent(s.name(), s));
            }
        }
        styles = m;
    }

    private static List<PromptStyle> read(Path f) {
        String text;
        try {
            text = Files.readString(f, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read styles file " + f, e);
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1); // A1111 opens with utf-8-sig
        }
        List<List<String>> rows = Csv.parse(text);
        List<PromptStyle> out = new ArrayList<>();
        if (rows.isEmpty()) {
            return out;
        }
        List<String> header = rows.get(0).stream().map(String::strip).toList();
        int n = header.indexOf("name");
        int p = header.indexOf("prompt");
        if (p < 0) {
            p = header.indexOf("text"); // very old A1111 files
        }
        int np = header.indexOf("negative_prompt");
        for (List<String> r : rows.subList(1, rows.size())) {
            String name = at(r, n);
            if (name != null && !name.isBlank()) {
                out.add(new PromptStyle(name, at(r, p), at(r, np)));
            }
        }
        return out;
    }

    private static String at(List<String> row, int i) {
        return i >= 0 && i < row.size() ? row.get(i) : null;
    }

    public synchronized List<PromptStyle> list() {
        return List.copyOf(styles.values());
    }

    public synchronized Optional<PromptStyle> find(String name) {
        return Optional.ofNullable(styles.get(name));
    }

    /** Adds or replaces a style and saves. */
    public synchronized void put(PromptStyle style) {
        styles.put(style.name(), style);
        save();
    }

    /** Removes a style and saves; returns whether it existed. */
    public synchronized boolean delete(String name) {
        boolean had = styles.remove(name) != null;
        if (had) {
            save();
        }
        return had;
    }

    /** Writes every style to the first styles file (atomic replace). */
    public synchronized void save() {
        StringBuilder sb = new StringBuilder(Csv.line(HEADER));
        styles.values().forEach(s -> sb.append(Csv.line(List.of(s.name(), s.prompt(), s.negativePrompt()))));
        Path target = files.get(0);
        try {
            Files.createDirectories(target.toAbsolutePath().getParent());
            Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
            Files.writeString(tmp, sb.toString(), StandardCharsets.UTF_8);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
    }
}
