package dev.sdwebui.postprocess;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The image upscalers this build has (A1111 {@code shared.sd_upscalers} without model-based ones):
 * None, Lanczos and Nearest. Ref: modules/upscaler.py {@code Upscaler.upscale}, {@code UpscalerLanczos},
 * {@code UpscalerNearest}; each reports scale 4 in /sdapi/v1/upscalers like A1111's UpscalerData default.
 */
public enum Upscaler {
    NONE("None"), LANCZOS("Lanczos"), NEAREST("Nearest");

    private final String label;

    Upscaler(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** A1111 UpscalerData.scale default. */
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

    /**
     * A1111 {@code Upscaler.upscale(img, scale)}: target {@code int(w * scale // 8 * 8)}; up to three
     * {@code do_upscale} rounds (each resizing by {@code int(size * scale)}) until the target is covered,
     * then a Lanczos resize to the exact target.
     */
    public Pixels upscale(Pixels img, double scale) {
        int destW = (int) (Math.floor(img.width() * scale / 8) * 8);
        int destH = (int) (Math.floor(img.height() * scale / 8) * 8);
        for (int i = 0; i < 3 && this != NONE; i++) {
            if (img.width() >= destW && img.height() >= destH && scale != 1) {
                break;
            }
            int w = (int) (img.width() * scale);
            int h = (int) (img.height() * scale);
            Pixels next = PilResample.resize(img, w, h, this == NEAREST ? PilResample.Filter.NEAREST
                    : PilResample.Filter.LANCZOS);
            boolean same = next.width() == img.width() && next.height() == img.height();
            img = next;
            if (same) {
                break;
            }
        }
        if (img.width() != destW || img.height() != destH) {
            img = PilResample.resize(img, Math.max(1, destW), Math.max(1, destH), PilResample.Filter.LANCZOS);
        }
        return img;
    }
}
