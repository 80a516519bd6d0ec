package dev.sdwebui.pipeline;

import dev.sdwebui.model.registry.CheckpointInfo;
import dev.sdwebui.nn.SdModel;
import java.util.Objects;

/**
 * The checkpoint in memory and the file it came from.
 *
 * @param info      registry entry (sha256 filled in when hashing is on)
 * @param model     the networks; owned by {@link ModelService}, never closed by a job
 * @param loadMillis how long the load took
 */
public record LoadedModel(CheckpointInfo info, SdModel model, long loadMillis) {
    public LoadedModel {
        Objects.requireNonNull(info, "info");
        Objects.requireNonNull(model, "model");
    }

    /** A1111 {@code sd_model_hash}: the first 10 hex digits of sha256, or null when not hashed. */
    public String shortHash() {
        return info.sha256() == null ? null : info.shortHash();
    }

    /** A1111 {@code name_for_extra}: the file stem ("v1-5-pruned-emaonly"). */
    public String nameForExtra() {
        String file = info.filename().getFileName().toString();
        int dot = file.lastIndexOf('.');
        return dot > 0 ? file.substring(0, dot) : file;
    }

    /** The text encoder's hidden width (768 for SD1, 1024 for SD2; SDXL: CLIP-L's, or bigG's for the refiner). */
    public int textWidth() {
        return model.textEncoder() != null ? model.textEncoder().topology().width() : model.openClip().topology().width();
    }
}
