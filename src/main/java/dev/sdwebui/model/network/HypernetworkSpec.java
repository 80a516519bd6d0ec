package dev.sdwebui.model.network;

import dev.sdwebui.model.io.PickledTensor;
import dev.sdwebui.model.io.ReadOptions;
import dev.sdwebui.model.io.WeightsFormatException;
import dev.sdwebui.model.io.WeightsReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An A1111 hypernetwork file as plain data: per context width, the k and v modules as a list of layers.
 *
 * <p>Ref: A1111 modules/hypernetworks/hypernetwork.py {@code Hypernetwork.load} and
 * {@code HypernetworkModule.__init__} (v1.10): the file is {@code torch.save} of a dict whose integer keys
 * are context widths mapping to two state dicts ({@code linear.<i>.weight/bias}); per step i of
 * {@code layer_structure} a Linear {@code int(d*ls[i]) -> int(d*ls[i+1])}, then the activation (unless
 * "linear"/None, or the last step without {@code activate_output}), a LayerNorm when {@code is_layer_norm},
 * a Dropout when {@code dropout_structure[i+1] > 0} (identity at inference, but it takes a Sequential index).
 */
public record HypernetworkSpec(String name, Map<Integer, List<List<Layer>>> layers) {

    /** One Sequential entry. */
    public sealed interface Layer permits Linear, Activation, Norm {
    }

    /** weight [out, in] row-major, bias [out]. */
    public record Linear(int in, int out, float[] weight, float[] bias) implements Layer {
    }

    /** A torch activation by A1111 name ("relu", "swish" = Hardswish, ...). */
    public record Activation(String name) implements Layer {
    }

    /** LayerNorm(dim), eps 1e-5. */
    public record Norm(int dim, float[] weight, float[] bias) implements Layer {
    }

    private static final long MAX_BYTES = 2L << 30;

    /** Reads a hypernetwork {@code .pt} with the restricted unpickler. */
    public static HypernetworkSpec read(Path file, String fallbackName) throws WeightsFormatException {
        Object top = WeightsReader.readObject(file, ReadOptions.defaults(), MAX_BYTES);
        if (!(top instanceof Map<?, ?> m)) {
            throw new WeightsFormatException(file, "not a hypernetwork (expected a dict)");
        }
        List<Double> ls = numbers(m.get("layer_structure"), List.of(1.0, 2.0, 1.0));
        String act = m.get("activation_func") instanceof String s ? s : null;
        boolean norm = Boolean.TRUE.equals(m.get("is_layer_norm"));
        boolean activateOutput = !Boolean.FALSE.equals(m.containsKey("activate_output") ? m.get("activate_output") : true);
        List<Double> dropout = dropout(m, ls);
        Map<Integer, List<List<Layer>>> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : m.entrySet()) {
            if (e.getKey() instanceof Long size && e.getValue() instanceof List<?> pair && pair.size() >= 2) {
                int d = size.intValue();
                out.put(d, List.of(module(file, d, (Map<?, ?>) pair.get(0), ls, act, norm, activateOutput, dropout),
                        module(file, d, (Map<?, ?>) pair.get(1), ls, act, norm, activateOutput, dropout)));
            }
        }
        String name = m.get("name") instanceof String s ? s : fallbackName;
        return new HypernetworkSpec(name, out);
    }

    private static List<Layer> module(Path file, int d, Map<?, ?> sd, List<Double> ls, String act, boolean norm,
                                      boolean activateOutput, List<Double> dropout) throws WeightsFormatException {
        List<Layer> seq = new ArrayList<>();
        int at = 0;
        for (int i = 0; i < ls.size() - 1; i++) {
            int in = (int) (d * ls.get(i));
            int outDim = (int) (d * ls.get(i + 1));
            seq.add(new Linear(in, outDim, tensor(file, sd, "linear." + at + ".weight", (long) in * outDim),
                    tensor(file, sd, "linear." + at + ".bias", outDim)));
            at++;
            boolean last = i >= ls.size() - 2;
            if (!(act == null || act.equals("linear") || (last && !activateOutput))) {
                seq.add(new Activation(act));
                at++;
            }
            if (norm) {
                seq.add(new Norm(outDim, tensor(file, sd, "linear." + at + ".weight", outDim),
                        tensor(file, sd, "linear." + at + ".bias", outDim)));
                at++;
            }
            if (dropout.get(i + 1) > 0) {
                at++; // Dropout: identity at inference
            }
        }
        return List.copyOf(seq);
    }

    private static float[] tensor(Path file, Map<?, ?> sd, String key, long size) throws WeightsFormatException {
        Object t = sd.get(key);
        if (t == null && key.startsWith("linear.")) {
            // Ref: fix_old_state_dict: linear1/linear2 of the oldest files
            String old = key.replace("linear.0.", "linear1.").replace("linear.1.", "linear2.");
            t = sd.get(old);
        }
        if (!(t instanceof PickledTensor p)) {
            throw new WeightsFormatException(file, "hypernetwork module lacks " + key);
        }
        if (p.data().length != size) {
            throw new WeightsFormatException(file, key + " has " + p.data().length + " values, expected " + size);
        }
        return p.data();
    }

    /** Ref: Hypernetwork.load + parse_dropout_structure. */
    private static List<Double> dropout(Map<?, ?> m, List<Double> ls) {
        Object ds = m.get("dropout_structure");
        if (ds instanceof List<?> l && !l.isEmpty()) {
            return numbers(l, null);
        }
        boolean use = Boolean.TRUE.equals(m.get("use_dropout"));
        List<Double> out = new ArrayList<>();
        if (!use) {
            ls.forEach(x -> out.add(0.0));
            return out;
        }
        out.add(0.0);
        for (int i = 0; i < ls.size() - 3; i++) {
            out.add(0.3);
        }
        out.add(Boolean.TRUE.equals(m.get("last_layer_dropout")) ? 0.3 : 0.0);
        out.add(0.0);
        return out;
    }

    private static List<Double> numbers(Object o, List<Double> fallback) {
        if (!(o instanceof List<?> l)) {
            return fallback;
        }
        List<Double> out = new ArrayList<>();
        l.forEach(x -> out.add(((Number) x).doubleValue()));
        return out;
    }
}
