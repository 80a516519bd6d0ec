package dev.sdwebui.postprocess;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Hires-fix latent upscalers, A1111 {@code shared.latent_upscale_modes}: each is a
 * {@code torch.nn.functional.interpolate} mode with or without antialias.
 */
public enum LatentUpscaleMode {
    LATENT("Latent", "bilinear", false),
    LATENT_ANTIALIASED("Latent (antialiased)", "bilinear", true),
    LATENT_BICUBIC("Latent (bicubic)", "bicubic", false),
    LATENT_BICUBIC_ANTIALIASED("Latent (bicubic antialiased)", "bicubic", true),
    LATENT_NEAREST("Latent (nearest)", "nearest", false),
    LATENT_NEAREST_EXACT("Latent (nearest-exact)", "nearest-exact", false);

    private final String label;
    private final String torchMode;
    private final boolean antialias;

    LatentUpscaleMode(String label, String torchMode, boolean antialias) {
        this.label = label;
        this.torchMode = torchMode;
        this.antialias = antialias;
    }

    public String label() {
        return label;
    }

    /** The {@code mode=} of F.interpolate. */
    public String torchMode() {
        return torchMode;
    }

    public boolean antialias() {
        return antialias;
    }

    public static List<LatentUpscaleMode> all() {
        return List.of(values());
    }

    public static Optional<LatentUpscaleMode> byName(String name) {
        return Arrays.stream(values()).filter(m -> m.label.equals(name)).findFirst();
    }
}
