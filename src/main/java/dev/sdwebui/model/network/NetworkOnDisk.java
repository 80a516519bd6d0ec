package dev.sdwebui.model.network;

import java.nio.file.Path;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One LoRA-family file found in the Lora folders.
 *
 * @param name     file name without extension (what {@code <lora:NAME:...>} and the API call it)
 * @param alias    the {@code ss_output_name} metadata, else the name
 * @param path     the file
 * @param metadata safetensors {@code __metadata__} ordered as A1111 shows it (ss_sd_model_name,
 *                 ss_resolution, ss_clip_skip, ss_num_train_images, ss_tag_frequency first)
 * @param sha256   {@code sshs_model_hash} metadata, else the A1111 network hash ({@link NetworkHashes})
 *
 * <p>Ref: A1111 extensions-builtin/Lora/network.py {@code NetworkOnDisk}.
 */
public record NetworkOnDisk(String name, String alias, Path path, Map<String, String> metadata, String sha256) {

    private static final Map<String, Integer> TAG_ORDER = Map.of("ss_sd_model_name", 1, "ss_resolution", 2,
            "ss_clip_skip", 3, "ss_num_train_images", 10, "ss_tag_frequency", 20);

    public NetworkOnDisk {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(path, "path");
        metadata = Collections.unmodifiableMap(ordered(metadata == null ? Map.of() : metadata));
        alias = alias == null ? metadata.getOrDefault("ss_output_name", name) : alias;
        sha256 = sha256 == null ? "" : sha256;
    }

    /** The first 12 hex digits of the hash (infotext {@code Lora hashes}); empty when unknown. */
    public String shorthash() {
        return sha256.length() >= 12 ? sha256.substring(0, 12) : sha256;
    }

    /** Python's stable sort by A1111's tag order (999 for the rest). */
    private static Map<String, String> ordered(Map<String, String> m) {
        List<Map.Entry<String, String>> entries = new java.util.ArrayList<>(m.entrySet());
        entries.sort(Comparator.comparingInt(e -> TAG_ORDER.getOrDefault(e.getKey(), 999)));
        Map<String, String> out = new LinkedHashMap<>();
        entries.forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }
}
