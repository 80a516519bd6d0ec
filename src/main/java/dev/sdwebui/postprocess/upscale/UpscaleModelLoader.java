package dev.sdwebui.postprocess.upscale;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.sdwebui.model.io.WeightsFormatException;
import dev.sdwebui.tensor.script.TorchOps;
import java.nio.file.Path;
import java.util.Map;

/**
 * Reads an upscaler file and builds its network; the architecture is detected from keys and shapes, never
 * from the file name. Ref: spandrel's registry ({@code KeyCondition}s per architecture): ESRGAN (old, BasicSR
 * and BSRGAN layouts, Real-ESRGAN x4/x2/x1), Compact (SRVGGNetCompact), SwinIR, SCUNet. DAT and HAT are
 * recognised and refused by name; anything else is refused as an unknown architecture.
 */
public final class UpscaleModelLoader {

    private UpscaleModelLoader() {
    }

    /**
     * @throws WeightsFormatException        when the file cannot be read (missing, corrupt, refused pickle)
     * @throws UnsupportedUpscalerException when the architecture or its layout is not supported
     */
    public static UpscaleModel load(Path file, TorchOps ops, NDManager parent, boolean allowUnsafePickle)
            throws WeightsFormatException {
        NDManager manager = parent.newSubManager();
        try {
            Map<String, NDArray> sd = UpscaleStateDict.read(file, manager, allowUnsafePickle);
            NetParams params = new NetParams(manager, sd, ops);
            return new UpscaleModel(file, build(sd, params), ops);
        } catch (WeightsFormatException | RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    static UpscaleNet build(Map<String, NDArray> sd, NetParams params) {
        if (sd.keySet().stream().anyMatch(k -> k.contains(".attn.attns.0.rpe_biases") || k.contains("attn.attns"))
                && sd.containsKey("conv_first.weight")) {
            throw new UnsupportedUpscalerException("architecture DAT is not supported by this build");
        }
        if (sd.keySet().stream().anyMatch(k -> k.contains("conv_block.cab.") || k.contains("overlap_attn"))) {
            throw new UnsupportedUpscalerException("architecture HAT is not supported by this build");
        }
        if (EsrganNet.detect(sd)) {
            return EsrganNet.load(new NetParams(params.manager(), EsrganKeys.toOld(sd), params.ops()));
        }
        if (SwinIrNet.detect(sd)) {
            return SwinIrNet.load(params);
        }
        if (ScuNet.detect(sd)) {
            return ScuNet.load(params);
        }
        if (CompactNet.detect(sd)) {
            return CompactNet.load(params);
        }
        throw new UnsupportedUpscalerException("unknown upscaler architecture (first keys: "
                + String.join(", ", sd.keySet().stream().limit(5).toList()) + ")");
    }
}
