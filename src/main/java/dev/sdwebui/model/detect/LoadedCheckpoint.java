package dev.sdwebui.model.detect;

import dev.sdwebui.model.io.StateDict;
import dev.sdwebui.model.keys.KeyPlan;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A checkpoint read, normalised and identified. Owns the weights: {@link #close()} frees them.
 *
 * @param file      the checkpoint file
 * @param raw       the tensors under their names in the file (the owner of every tensor)
 * @param weights   a view with canonical LDM keys ({@code model.diffusion_model.*}, {@code first_stage_model.*},
 *                  {@code cond_stage_model.transformer.text_model.*}, schedule buffers); the ignored extras
 *                  are not in it
 * @param detection family, prediction type and the evidence
 * @param keys      how file keys map to canonical ones, and what was ignored
 */
public record LoadedCheckpoint(Path file, StateDict raw, StateDict weights, ModelDetection detection, KeyPlan keys)
        implements AutoCloseable {

    public LoadedCheckpoint {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(raw, "raw");
        Objects.requireNonNull(weights, "weights");
        Objects.requireNonNull(detection, "detection");
        Objects.requireNonNull(keys, "keys");
    }

    @Override
    public void close() {
        raw.close();
    }
}
