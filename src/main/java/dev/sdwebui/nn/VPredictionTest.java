package dev.sdwebui.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.sdwebui.model.detect.ModelDetection;
import dev.sdwebui.model.detect.PredictionType;
import dev.sdwebui.nn.unet.UNet;
import java.util.Locale;

/**
 * A1111's way to tell an SD 2.x "768-v" UNet from a "512-base" one without a config: run the UNet once on
 * x = 0.5 everywhere [1, 4, 8, 8], t = 999, context = 0.5 everywhere [1, 2, C]; {@code mean(out - x) < -1}
 * means v-prediction. Ref: A1111 sd_models_config.py is_using_v_parameterization_for_sd2.
 */
final class VPredictionTest {

    private VPredictionTest() {
    }

    /** mean(unet(x, 999, context) - x) for the fixed inputs. */
    static double score(UNet unet, String device) {
        ai.djl.Device d = device.equals("cpu") ? ai.djl.Device.cpu() : ai.djl.Device.gpu(Integer.parseInt(device.substring(5)));
        try (NDManager m = NDManager.newBaseManager(d)) {
            NDArray x = m.full(new Shape(1, unet.topology().inChannels(), 8, 8), 0.5f);
            NDArray t = m.create(new float[] {999f});
            NDArray context = m.full(new Shape(1, 2, unet.topology().contextDim()), 0.5f);
            NDArray out = unet.forward(x, t, context);
            return out.sub(x).mean().getFloat();
        }
    }

    /** @param device where the UNet's weights are ("cpu", "cuda:0") */
    static ModelDetection settle(ModelDetection detection, UNet unet, String device) {
        double score = score(unet, device);
        PredictionType p = score < -1 ? PredictionType.V : PredictionType.EPS;
        return detection.withPrediction(p, String.format(Locale.ROOT,
                "v-test: mean(UNet(0.5, t=999) - x) = %.4f %s -1 -> %s", score, score < -1 ? "<" : ">=",
                p == PredictionType.V ? "v-prediction (v2-inference-v.yaml)" : "eps (v2-inference.yaml)"));
    }
}
