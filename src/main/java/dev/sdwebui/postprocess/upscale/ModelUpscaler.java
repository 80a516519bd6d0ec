package dev.sdwebui.postprocess.upscale;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.sdwebui.postprocess.ImageUpscaler;
import dev.sdwebui.postprocess.Pixels;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.ToIntFunction;

/**
 * An upscaler backed by a model file (A1111 {@code UpscalerData} of the ESRGAN, RealESRGAN, DAT, SwinIR or
 * ScuNET class). One {@code do_upscale} runs the network once over the whole picture, tiled as its class
 * tiles: ESRGAN-family in PIL space ({@link PilGridTiling}), SwinIR/ScuNET on the float image
 * ({@link FloatTiling}).
 *
 * @param label   the name users pick (the file name without extension, or a RealESRGAN built-in name)
 * @param url     the download address A1111 knows for a built-in, else null (nothing is ever downloaded)
 * @param scale   the scale /sdapi/v1/upscalers reports (A1111's UpscalerData value, 4 unless a built-in says)
 * @param models  loads (and caches) the network
 * @param setting integer settings by key (tile sizes)
 */
public record ModelUpscaler(String label, Path file, String url, UpscalerKind kind, double scale,
                            UpscaleModelCache models, ToIntFunction<String> setting) implements ImageUpscaler {

    public ModelUpscaler {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(models, "models");
        Objects.requireNonNull(setting, "setting");
    }

    @Override
    public Pixels doUpscale(Pixels img, double ignored) {
        return models.with(file, model -> run(model, img));
    }

    private Pixels run(UpscaleModel model, Pixels img) {
        int tile = setting.applyAsInt(kind.tileSetting());
        int overlap = setting.applyAsInt(kind.overlapSetting());
        NDManager root = models.manager();
        if (!kind.floatTiles()) {
            return PilGridTiling.upscale(img, tile, overlap, patch -> {
                try (NDManager scope = root.newSubManager()) {
                    return BgrTensors.toPixels(model.call(BgrTensors.toTensor(patch, scope)));
                }
            });
        }
        int scale = kind == UpscalerKind.SCUNET ? 1 : model.scale();
        try (NDManager scope = root.newSubManager()) {
            NDArray x = BgrTensors.toTensor(img, scope);
            return BgrTensors.toPixels(FloatTiling.upscale(x, tile, overlap, scale, model::call));
        }
    }
}
