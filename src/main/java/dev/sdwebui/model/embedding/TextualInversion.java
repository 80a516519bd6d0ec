package dev.sdwebui.model.embedding;

import java.nio.file.Path;

/**
 * One loaded textual-inversion embedding: {@code vectorCount} vectors of {@code width} floats
 * ({@code vectors}: row-major [vectorCount, width], fp32).
 *
 * <p>Ref: A1111 textual_inversion.py {@code Embedding} (name = file stem, {@code vectors}, {@code shape}
 * = width, {@code step}, {@code sd_checkpoint}, {@code sd_checkpoint_name}; {@code hash} = sha256 of
 * the file, {@code shorthash} = its first 12 hex digits).
 */
public record TextualInversion(String name, float[] vectors, int vectorCount, int width, String sha256,
        Integer step, String sdCheckpoint, String sdCheckpointName, Path file) {

    public TextualInversion {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("embedding name must not be empty");
        }
        if (vectorCount < 1 || width < 1 || vectors == null || vectors.length != vectorCount * width) {
            throw new IllegalArgumentException("embedding " + name + ": vectors must hold vectorCount x width floats");
        }
        vectors = vectors.clone();
    }

    @Override
    public float[] vectors() {
        return vectors.clone();
    }

    /** Vector {@code i} (a copy), {@code [width]}. */
    public float[] vector(int i) {
        float[] out = new float[width];
        System.arraycopy(vectors, i * width, out, 0, width);
        return out;
    }

    /** First 12 hex digits of the file's sha256, as in the {@code TI hashes} infotext; "" when unknown. */
    public String shortHash() {
        return sha256 == null ? "" : sha256.substring(0, Math.min(12, sha256.length()));
    }
}
