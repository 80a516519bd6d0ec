package dev.sdwebui.postprocess.upscale;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.sdwebui.nn.Weights;
import dev.sdwebui.tensor.script.TorchOps;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A network's weights by checkpoint key plus the kernels it computes with. Blocks ask for their tensors
 * by exact key ({@code model.1.sub.0.RDB1.conv1.0.weight}), every key handed out is recorded, and
 * {@link #checkAllUsed} refuses a file with keys the network does not know (a layout we would misread).
 */
final class NetParams {

    private final NDManager manager;
    private final Map<String, NDArray> tensors;
    private final Weights weights;
    private final TorchOps ops;

    NetParams(NDManager manager, Map<String, NDArray> tensors, TorchOps ops) {
        this.manager = manager;
        this.tensors = Map.copyOf(tensors);
        this.weights = Weights.of(k -> Optional.ofNullable(this.tensors.get(k)));
        this.ops = ops;
    }

    TorchOps ops() {
        return ops;
    }

    NDManager manager() {
        return manager;
    }

    NDArray get(String key) {
        return weights.get(key);
    }

    boolean has(String key) {
        return tensors.containsKey(key);
    }

    Set<String> keys() {
        return new TreeSet<>(tensors.keySet());
    }

    long dim(String key, int axis) {
        return get(key).getShape().get(axis);
    }

    /**
     * Conv2d {@code prefix.weight [out, in, k, k]} (+ {@code prefix.bias} when stored), stride 1, padding k/2;
     * computed channels-last (libtorch's NCHW fp32 CPU convolution is wrong for some shapes: TorchOps#conv2dNhwc).
     */
    NDArray conv(String prefix, NDArray x) {
        NDArray w = get(prefix + ".weight");
        int pad = (int) (w.getShape().get(2) / 2);
        Optional<NDArray> b = weights.find(prefix + ".bias");
        return ops.conv2dNhwc(x, w, b.orElse(null), 1, pad);
    }

    /** x @ W^T + b over the last dimension. */
    NDArray linear(String prefix, NDArray x) {
        return ops.linear(x, get(prefix + ".weight"), get(prefix + ".bias"));
    }

    /** torch.nn.LayerNorm (eps 1e-5) over the last dimension. */
    NDArray layerNorm(String prefix, NDArray x) {
        return ops.layerNorm(x, get(prefix + ".weight"), get(prefix + ".bias"), 1e-5);
    }

    /** Fails naming the keys no block asked for. */
    void checkAllUsed(String architecture) {
        Set<String> unused = new TreeSet<>(tensors.keySet());
        unused.removeAll(weights.usedKeys());
        if (!unused.isEmpty()) {
            throw new UnsupportedUpscalerException(architecture + " model with keys this implementation does not read: "
                    + String.join(", ", unused.stream().limit(8).toList()) + (unused.size() > 8 ? ", ..." : ""));
        }
    }

    void close() {
        manager.close();
    }
}
