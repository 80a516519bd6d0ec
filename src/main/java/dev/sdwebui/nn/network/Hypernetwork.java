package dev.sdwebui.nn.network;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.sdwebui.model.network.HypernetworkSpec;
import dev.sdwebui.nn.ContextTransform;
import dev.sdwebui.tensor.script.TorchOps;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A loaded hypernetwork: per context width, a k and a v module, each {@code x + seq(x) * multiplier}.
 * Ref: A1111 modules/hypernetworks/hypernetwork.py {@code HypernetworkModule.forward},
 * {@code apply_single_hypernetwork}. Dropout is the identity at inference and so absent here.
 */
public final class Hypernetwork implements ContextTransform, AutoCloseable {

    private final String name;
    private final TorchOps ops;
    private final NDManager manager;
    private final Map<Long, List<List<Object>>> modules = new LinkedHashMap<>();
    private final double multiplier;

    private Hypernetwork(String name, TorchOps ops, NDManager manager, double multiplier) {
        this.name = name;
        this.ops = ops;
        this.manager = manager;
        this.multiplier = multiplier;
    }

    /** The spec's weights as tensors in a sub-manager of {@code parent} (closed with this). */
    public static Hypernetwork of(HypernetworkSpec spec, double multiplier, TorchOps ops, NDManager parent) {
        Hypernetwork h = new Hypernetwork(spec.name(), ops, parent.newSubManager(), multiplier);
        spec.layers().forEach((width, kv) -> {
            List<List<Object>> pair = new ArrayList<>();
            for (List<HypernetworkSpec.Layer> seq : kv) {
                List<Object> built = new ArrayList<>();
                for (HypernetworkSpec.Layer l : seq) {
                    built.add(h.build(l));
                }
                pair.add(built);
            }
            h.modules.put((long) width, pair);
        });
        return h;
    }

    /** The same weights with another multiplier (shares the tensors: close only one of them). */
    public Hypernetwork withMultiplier(double m) {
        Hypernetwork h = new Hypernetwork(name, ops, manager, m);
        h.modules.putAll(modules);
        return h;
    }

    public String name() {
        return name;
    }

    public double multiplier() {
        return multiplier;
    }

    private Object build(HypernetworkSpec.Layer l) {
        if (l instanceof HypernetworkSpec.Linear lin) {
            return new NDArray[] {manager.create(lin.weight(), new Shape(lin.out(), lin.in())),
                manager.create(lin.bias(), new Shape(lin.out()))};
        }
        if (l instanceof HypernetworkSpec.Norm n) {
            return new Object[] {manager.create(n.weight(), new Shape(n.dim())), manager.create(n.bias(), new Shape(n.dim()))};
        }
        String act = ((HypernetworkSpec.Activation) l).name();
        if (!List.of("relu", "leakyrelu", "elu", "swish", "hardswish", "tanh", "sigmoid", "silu", "gelu").contains(act)) {
            throw new IllegalArgumentException("hypernetwork uses an unsupported activation function: " + act);
        }
        return act;
    }

    @Override
    public NDArray[] apply(NDArray contextK, NDArray contextV) {
        List<List<Object>> pair = modules.get(contextK.getShape().get(contextK.getShape().dimension() - 1));
        if (pair == null) {
            return new NDArray[] {contextK, contextV};
        }
        return new NDArray[] {forward(pair.get(0), contextK), forward(pair.get(1), contextV)};
    }

    /** x + seq(x) * multiplier; x: [B, M, C]. */
    private NDArray forward(List<Object> seq, NDArray x) {
        NDArray h = x;
        for (Object layer : seq) {
            if (layer instanceof NDArray[] lin) {
                h = ops.linear(h, lin[0].toDevice(h.getDevice(), false), lin[1].toDevice(h.getDevice(), false));
            } else if (layer instanceof Object[] norm) {
                h = ops.layerNorm(h, ((NDArray) norm[0]).toDevice(h.getDevice(), false),
                        ((NDArray) norm[1]).toDevice(h.getDevice(), false), 1e-5);
            } else {
                h = activation((String) layer, h);
            }
        }
        return x.add(h.mul((float) multiplier));
    }

    private NDArray activation(String act, NDArray h) {
        switch (act) {
            case "relu":
                return h.getNDArrayInternal().relu();
            case "leakyrelu": // torch default negative_slope 0.01
                return ai.djl.ndarray.NDArrays.maximum(h, h.mul(0.01f));
            case "elu":
                return ai.djl.ndarray.NDArrays.where(h.gt(0), h, h.exp().sub(1f));
            case "swish": // A1111 maps "swish" to torch.nn.Hardswish
            case "hardswish":
                return h.mul(h.add(3f).clip(0, 6)).div(6f);
            case "tanh":
                return h.tanh();
            case "sigmoid":
                return h.getNDArrayInternal().sigmoid();
            case "silu":
                return ops.silu(h);
            default:
                return ops.gelu(h);
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
