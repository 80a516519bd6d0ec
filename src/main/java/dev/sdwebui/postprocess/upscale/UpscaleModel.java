package dev.sdwebui.postprocess.upscale;

import ai.djl.ndarray.NDArray;
import dev.sdwebui.tensor.script.TorchOps;
import java.nio.file.Path;

/**
 * A loaded upscaler network plus spandrel's call convention. Ref: spandrel
 * {@code ImageModelDescriptor.__call__} and size_req.py {@code pad_tensor}: the input is padded right/bottom
 * to the size requirements (reflect up to size - 1, replicate beyond), the model runs, the output is
 * clamped to [0, 1] and the padding cropped off.
 */
public final class UpscaleModel implements AutoCloseable {

    private final Path file;
    private final UpscaleNet net;
    private final TorchOps ops;

    UpscaleModel(Path file, UpscaleNet net, TorchOps ops) {
        this.file = file;
        this.net = net;
        this.ops = ops;
    }

    public Path file() {
        return file;
    }

    UpscaleNet net() {
        return net;
    }

    public String architecture() {
        return net.architecture();
    }

    public int scale() {
        return net.scale();
    }

    /** x: [1, 3, h, w] BGR in [0, 1] -> [1, 3, h s, w s] clamped; in x's manager. */
    public NDArray call(NDArray x) {
        long h = x.getShape().get(2);
        long w = x.getShape().get(3);
        int[] pad = net.sizeRequirements().padding((int) w, (int) h);
        NDArray in = x;
        if (pad[0] > 0 || pad[1] > 0) {
            int rw = (int) Math.min(pad[0], w - 1);
            int rh = (int) Math.min(pad[1], h - 1);
            in = rw > 0 || rh > 0 ? ops.padReflect(in, rw, rh) : in;
            if (pad[0] - rw > 0 || pad[1] - rh > 0) {
                in = ops.padReplicate(in, pad[0] - rw, pad[1] - rh);
            }
        }
        NDArray out = ops.clamp01(net.forward(in));
        if (pad[0] > 0 || pad[1] > 0) {
            int s = net.scale();
            out = out.get(":, :, 0:" + h * s + ", 0:" + w * s);
        }
        return out;
    }

    @Override
    public void close() {
        net.close();
    }
}
