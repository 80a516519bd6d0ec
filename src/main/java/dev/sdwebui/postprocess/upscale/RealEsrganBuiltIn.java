package dev.sdwebui.postprocess.upscale;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A1111's built-in RealESRGAN models (modules/realesrgan_model.py {@code get_realesrgan_models}): name,
 * the file name the download would have, A1111's download address and scale.
 */
public enum RealEsrganBuiltIn {
    GENERAL_V3("R-ESRGAN General 4xV3", "realesr-general-x4v3.pth",
            "https://github.com/xinntao/Real-ESRGAN/releases/download/v0.2.5.0/realesr-general-x4v3.pth", 4),
    GENERAL_WDN_V3("R-ESRGAN General WDN 4xV3", "realesr-general-wdn-x4v3.pth",
            "https://github.com/xinntao/Real-ESRGAN/releases/download/v0.2.5.0/realesr-general-wdn-x4v3.pth", 4),
    ANIME_VIDEO("R-ESRGAN AnimeVideo", "realesr-animevideov3.pth",
            "https://github.com/xinntao/Real-ESRGAN/releases/download/v0.2.5.0/realesr-animevideov3.pth", 4),
    X4_PLUS("R-ESRGAN 4x+", "RealESRGAN_x4plus.pth",
            "https://github.com/xinntao/Real-ESRGAN/releases/download/v0.1.0/RealESRGAN_x4plus.pth", 4),
    X4_PLUS_ANIME("R-ESRGAN 4x+ Anime6B", "RealESRGAN_x4plus_anime_6B.pth",
            "https://github.com/xinntao/Real-ESRGAN/releases/download/v0.2.2.4/RealESRGAN_x4plus_anime_6B.pth", 4),
    X2_PLUS("R-ESRGAN 2x+", "RealESRGAN_x2plus.pth",
            "https://github.com/xinntao/Real-ESRGAN/releases/download/v0.2.1/RealESRGAN_x2plus.pth", 2);

    private final String label;
    private final String fileName;
    private final String url;
    private final int scale;

    RealEsrganBuiltIn(String label, String fileName, String url, int scale) {
        this.label = label;
        this.fileName = fileName;
        this.url = url;
        this.scale = scale;
    }

    public String label() {
        return label;
    }

    public String fileName() {
        return fileName;
    }

    public String url() {
        return url;
    }

    public double scale() {
        return scale;
    }

    public static List<RealEsrganBuiltIn> all() {
        return List.of(values());
    }

    static Optional<RealEsrganBuiltIn> byFileName(String file) {
        return Arrays.stream(values()).filter(b -> b.fileName.equals(file)).findFirst();
    }
}
