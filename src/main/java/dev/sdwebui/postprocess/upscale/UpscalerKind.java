package dev.sdwebui.postprocess.upscale;

/**
 * A1111's model-upscaler classes: the folder each scans (its key in DataPaths.upscalerDirs), the settings
 * that size its tiles, and how it tiles. Ref: modules/esrgan_model.py, realesrgan_model.py, dat_model.py
 * ({@code upscale_with_model}, PIL-space tiles), extensions-builtin/SwinIR and ScuNET ({@code upscale_2},
 * float tiles; ScuNET always with scale 1). {@code modelName} is the class's {@code model_name} that
 * /sdapi/v1/upscalers reports.
 */
public enum UpscalerKind {
    ESRGAN("ESRGAN", "ESRGAN_tile", "ESRGAN_tile_overlap", false, "ESRGAN_4x"),
    REAL_ESRGAN("RealESRGAN", "ESRGAN_tile", "ESRGAN_tile_overlap", false, null),
    DAT("DAT", "DAT_tile", "DAT_tile_overlap", false, null),
    SWINIR("SwinIR", "SWIN_tile", "SWIN_tile_overlap", true, "SwinIR 4x"),
    SCUNET("ScuNET", "SCUNET_tile", "SCUNET_tile_overlap", true, "ScuNET GAN");

    private final String folder;
    private final String tileSetting;
    private final String overlapSetting;
    private final boolean floatTiles;
    private final String modelName;

    UpscalerKind(String folder, String tileSetting, String overlapSetting, boolean floatTiles, String modelName) {
        this.folder = folder;
        this.tileSetting = tileSetting;
        this.overlapSetting = overlapSetting;
        this.floatTiles = floatTiles;
        this.modelName = modelName;
    }

    public String folder() {
        return folder;
    }

    public String tileSetting() {
        return tileSetting;
    }

    public String overlapSetting() {
        return overlapSetting;
    }

    boolean floatTiles() {
        return floatTiles;
    }

    public String modelName() {
        return modelName;
    }
}
