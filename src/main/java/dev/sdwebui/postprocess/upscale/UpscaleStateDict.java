package dev.sdwebui.postprocess.upscale;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.sdwebui.model.io.PickledTensor;
import dev.sdwebui.model.io.ReadOptions;
import dev.sdwebui.model.io.StateDict;
import dev.sdwebui.model.io.WeightsFormatException;
import dev.sdwebui.model.io.WeightsReader;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads an upscaler model file into fp32 tensors with spandrel's canonical key names.
 * Ref: spandrel __helpers/canonicalize.py {@code canonicalize_state_dict}: the first of
 * {@code model_state_dict, state_dict, params_ema, params-ema, params, model, net} that holds a dict is
 * unwrapped, then a dict with a single dict value, then a prefix shared by every key ({@code module.},
 * {@code netG.}) is removed. A {@code .pth} is read by the restricted unpickler (nothing executed); a
 * {@code .safetensors} directly. fp16/bf16 weights are upcast to fp32 (CPU: fp16 compute is 50-600x slower).
 */
final class UpscaleStateDict {

    static final List<String> WRAPPERS = List.of("model_state_dict", "state_dict", "params_ema", "params-ema", "params",
            "model", "net");
    /** Largest model we read into the heap (the biggest public SwinIR/HAT files are ~0.5 GB as fp32). */
    private static final long MAX_BYTES = 2L << 30;

    private UpscaleStateDict() {
    }

    /** Tensors of {@code file} created in {@code manager}; key -> tensor, in the file's order. */
    static Map<String, NDArray> read(Path file, NDManager manager, boolean allowUnsafePickle)
            throws WeightsFormatException {
        ReadOptions options = new ReadOptions(true, allowUnsafePickle);
        String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        if (name.endsWith(".safetensors")) {
            Map<String, NDArray> out = new LinkedHashMap<>();
            StateDict sd = WeightsReader.read(file, manager, options);
            // Copies so the tensors own their memory (the file mapping is read-only and closes with sd's manager).
            sd.asMap().forEach((k, v) -> {
                NDArray c = v.toType(DataType.FLOAT32, true);
                c.attach(manager);
                out.put(k, c);
            });
            sd.close();
            return canonical(file, out);
        }
        Object top = WeightsReader.readObject(file, options, MAX_BYTES);
        Map<String, Object> dict = unwrap(file, top);
        Map<String, NDArray> out = new LinkedHashMap<>();
        dict.forEach((k, v) -> {
            if (v instanceof PickledTensor t) {
                out.put(k, manager.create(t.data(), new Shape(t.shape())));
            }
        });
        return canonical(file, out);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> unwrap(Path file, Object top) throws WeightsFormatException {
        if (!(top instanceof Map<?, ?>)) {
            throw new WeightsFormatException(file, "the file does not hold a dictionary of tensors");
        }
        Map<String, Object> dict = stringKeys((Map<Object, Object>) top);
        for (String key : WRAPPERS) {
            if (dict.get(key) instanceof Map<?, ?> inner) {
                dict = stringKeys((Map<Object, Object>) inner);
                break;
            }
        }
        if (dict.size() == 1 && dict.values().iterator().next() instanceof Map<?, ?> single) {
            dict = stringKeys((Map<Object, Object>) single);
        }
        return dict;
    }

    private static Map<String, Object> stringKeys(Map<Object, Object> m) {
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(String.valueOf(k), v));
        return out;
    }

    private static Map<String, NDArray> canonical(Path file, Map<String, NDArray> sd) throws WeightsFormatException {
        if (sd.isEmpty()) {
            throw new WeightsFormatException(file, "the file holds no tensors");
        }
        for (String prefix : List.of("module.", "netG.")) {
            if (sd.keySet().stream().allMatch(k -> k.startsWith(prefix))) {
                Map<String, NDArray> stripped = new LinkedHashMap<>();
                sd.forEach((k, v) -> stripped.put(k.substring(prefix.length()), v));
                sd = stripped;
            }
        }
        return sd;
    }
}
