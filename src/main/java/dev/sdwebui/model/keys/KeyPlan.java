package dev.sdwebui.model.keys;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How a checkpoint's keys map to our canonical LDM names.
 *
 * @param newToOld       canonical key -> key in the file, for every key kept (sorted by canonical key)
 * @param ignored        keys in the file that are deliberately not used (EMA copies, position_ids, VAE
 *                       training loss, duplicate dialect copies), sorted
 * @param strippedPrefix wrapper prefix removed from every key ("" when none, e.g. "module.")
 * @param notes          human-readable remarks for logs ("renamed 197 CLIP keys ...")
 */
public record KeyPlan(Map<String, String> newToOld, List<String> ignored, String strippedPrefix, List<String> notes) {

    public KeyPlan {
        newToOld = Map.copyOf(newToOld);
        ignored = List.copyOf(ignored);
        Objects.requireNonNull(strippedPrefix, "strippedPrefix");
        notes = List.copyOf(notes);
    }
}
