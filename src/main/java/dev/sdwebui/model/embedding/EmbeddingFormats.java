package dev.sdwebui.model.embedding;

import java.io.IOException;
import java.util.Map;

/**
 * Recognises A1111's embedding layouts and extracts the [n, width] vectors.
 *
 * <p>Ref: A1111 textual_inversion.py {@code create_embedding_from_data}: {@code string_to_param}
 * with exactly one entry (A1111's own format); a dict with {@code clip_g} and {@code clip_l} (SDXL,
 * not usable by an SD1/SD2 encoder: reported); a dict with exactly one tensor (diffusers concepts
 * {@code {token: tensor}} and safetensors {@code {emb_params: tensor}}), a 1-D tensor being one vector.
 */
final class EmbeddingFormats {

    private EmbeddingFormats() {
    }

    record Vectors(TensorData tensor, int count, int width) {
    }

    static Vectors extract(Map<String, Object> data) throws IOException {
        Object stp = data.get("string_to_param");
        if (stp != null) {
            if (!(stp instanceof Map<?, ?> params) || params.size() != 1) {
                throw new IOException("embedding file has multiple terms in it (string_to_param)");
            }
            return vectors(params.values().iterator().next());
        }
        if (data.containsKey("clip_g") && data.containsKey("clip_l")) {
            throw new IOException("SDXL embedding (clip_g + clip_l) needs an SDXL text encoder");
        }
        if (data.size() == 1 && data.values().iterator().next() instanceof TensorData) {
            return vectors(data.values().iterator().next());
        }
        if (data.size() > 1 && data.values().stream().allMatch(v -> v instanceof TensorData)) {
            throw new IOException("embedding file has multiple terms in it");
        }
        throw new IOException("not a textual inversion embedding nor a diffusers concept");
    }

    private static Vectors vectors(Object o) throws IOException {
        if (!(o instanceof TensorData t)) {
            throw new IOException("embedding parameter is not a tensor");
        }
        long[] shape = t.shape();
        if (shape.length == 1) {
            return new Vectors(t, 1, (int) shape[0]);
        }
        if (shape.length == 2 && shape[0] >= 1 && shape[1] >= 1) {
            return new Vectors(t, (int) shape[0], (int) shape[1]);
        }
        throw new IOException("embedding tensor has unsupported shape " + java.util.Arrays.toString(shape));
    }
}
