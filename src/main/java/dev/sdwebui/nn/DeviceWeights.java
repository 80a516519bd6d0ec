package dev.sdwebui.nn;

import ai.djl.ndarray.NDArray;
import dev.sdwebui.device.ModulePlacer;
import dev.sdwebui.device.WeightMover;
import dev.sdwebui.model.io.StateDict;
import dev.sdwebui.tensor.script.TorchOps;
import java.util.List;

/**
 * The real {@link WeightMover}: moves a unit's weight tensors between the host ("cpu") and the compute
 * device ("cuda:0") in place, through {@link TorchOps#moveTo}, so the blocks that hold them need no
 * rewiring (Ref: A1111 lowvram.py moving modules with {@code module.to(device)}). Counts the tensors it
 * moved. Used by one model's inference thread at a time (the placer's
 * hook calls are synchronized).
 */
public final class DeviceWeights implements WeightMover {

    private final StateDict weights;
    private final TorchOps ops;
    private final String device;
    private final String host;
    private long moves;

    /**
     * @param device where units go when they run ("cuda:0", or "cpu" in tests)
     * @param host   where they rest ("cpu")
     */
    public DeviceWeights(StateDict weights, TorchOps ops, String device, String host) {
        this.weights = weights;
        this.ops = ops;
        this.device = device;
        this.host = host;
    }

    @Override
    public void toDevice(String unit) {
        move(unit, device);
    }

    @Override
    public void toHost(String unit) {
        move(unit, host);
    }

    /** The weights this mover swaps (for tests that check the moved data bit for bit). */
    StateDict weights() {
        return weights;
    }

    /** Tensors moved so far. */
    public synchronized long moves() {
        return moves;
    }

    private synchronized void move(String unit, String to) {
        List<String> keys = weights.keys().stream().filter(k -> ModulePlacer.owns(unit, k)).toList();
        for (String k : keys) {
            NDArray w = weights.get(k);
            ops.moveTo(w, to);
            moves++;
        }
    }
}
