package dev.sdwebui.model.embedding;

import dev.sdwebui.model.io.PickledObject;
import dev.sdwebui.model.io.PickledTensor;
import dev.sdwebui.model.io.ReadOptions;
import dev.sdwebui.model.io.WeightsFormatException;
import dev.sdwebui.model.io.WeightsReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code .pt}/{@code .bin} embeddings (torch.save zip archives) through the restricted unpickler of
 * {@code model.io} ({@link WeightsReader#readObject}): a forbidden pickle global refuses the file unless
 * {@code --disable-safe-unpickle}. Tensors become {@link TensorData}; dict keys become strings.
 *
 * <p>Ref: A1111 textual_inversion.py {@code load_from_file} ({@code torch.load(path, map_location="cpu")}
 * for {@code .PT}/{@code .BIN}) and {@code create_embedding_from_data}: {@code string_to_param} may be a
 * pickled {@code torch.nn.ParameterDict} (files saved by torch 1.11), unwrapped through its
 * {@code _parameters} dict ({@code getattr(param_dict, '_parameters', param_dict)}).
 */
public final class TorchEmbeddingReader implements EmbeddingFileReader {

    /** Embeddings are a few KB; this keeps a hostile or mistaken file (a checkpoint) off the heap. */
    private static final long MAX_EMBEDDING_BYTES = 64L << 20;
    private static final int MAX_DEPTH = 32;

    private final ReadOptions options;

    /** @param allowUnsafePickle {@code --disable-safe-unpickle}: unknown globals become inert placeholders */
    public TorchEmbeddingReader(boolean allowUnsafePickle) {
        this.options = new ReadOptions(true, allowUnsafePickle);
    }

    @Override
    public Map<String, Object> read(Path file) throws IOException {
        long size = Files.size(file);
        if (size > MAX_EMBEDDING_BYTES) {
            throw new IOException("too large for an embedding (" + size + " bytes)");
        }
        Object top;
        try {
            top = WeightsReader.readObject(file, options, MAX_EMBEDDING_BYTES);
        } catch (WeightsFormatException e) {
            throw new IOException(e.getMessage(), e);
        }
        if (!(top instanceof Map<?, ?> map)) {
            throw new IOException("not an embedding: the file holds " + describe(top) + ", not a dictionary");
        }
        return dict(map, 0);
    }

    private static Map<String, Object> dict(Map<?, ?> map, int depth) throws IOException {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            out.put(String.valueOf(e.getKey()), convert(e.getValue(), depth + 1));
        }
        return out;
    }

    private static Object convert(Object o, int depth) throws IOException {
        if (depth > MAX_DEPTH) {
            throw new IOException("not an embedding: the data is nested too deeply");
        }
        if (o instanceof PickledTensor t) {
            return new TensorData(t.shape(), t.data());
        }
        if (o instanceof Map<?, ?> m) {
            return dict(m, depth);
        }
        if (o instanceof PickledObject p && p.state() instanceof Map<?, ?> state
                && state.get("_parameters") instanceof Map<?, ?> params) {
            return dict(params, depth); // an nn.ParameterDict (or any module): its parameters
        }
        if (o instanceof Collection<?> c) {
            List<Object> out = new ArrayList<>(c.size());
            for (Object item : c) {
                out.add(convert(item, depth + 1));
            }
            return out;
        }
        return o;
    }

    private static String describe(Object o) {
        if (o instanceof PickledTensor t) {
            return "a bare " + t;
        }
        if (o instanceof PickledObject p) {
            return "a " + p.type();
        }
        return o == null ? "None" : "a " + o.getClass().getSimpleName();
    }
}
