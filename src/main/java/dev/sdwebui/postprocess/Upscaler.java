package dev.sdwebui.postprocess;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The image upscalers this build has (A1111 {@code shared.sd_upscalers} without model-based ones):
 * None, Lanczos and Nearest. Ref: modules/upscaler.py {@code Upscaler.upscale}, {@code UpscalerLanczos},
 * {@code UpscalerNearest}; each reports scale 4 in /sdapi/v1/upscalers like A1111's UpscalerData default.
 */
public enum Upscaler implements ImageUpscaler {
    NONE("None"), LANCZOS("Lanczos"), NEAREST("Nearest");

    private final String label;

    Upscaler(String label) {
        this.label = label;
    }

    @Override
    public String label() {
        return label;
    }

    /** A1111 UpscalerData.scale default. */
    @Override
    public double scale() {
        return 4.0;
    }

    public static List<Upscaler> all() {
        return List.of(values());
    }

    /** Exact (case-sensitive, as A1111) lookup by name. */
    public static Optional<Upscaler> byName(String name) {
        return Arrays.stream(values()).filter(u -> u.label.equals(name)).findFirst();
    }

    /** UpscalerNone returns the image; Lanczos / Nearest resize to {@code int(w * scale)} x {@code int(h * scale)}. */
    @Override
    public Pixels doUpscale(Pixels img, double scale) {
        if (this == NONE) {
            return img;
        }
        int w = (int) (img.width() * scale);
        int h = (int) (img.height() * scale);
        return PilResample.resize(img, w, h, this == NEAREST ? PilResample.Filter.NEAREST : PilResample.Filter.LANCZOS);
    }
}
