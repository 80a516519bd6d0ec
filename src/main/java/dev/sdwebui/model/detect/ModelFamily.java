package dev.sdwebui.model.detect;

/**
 * Stable Diffusion model families told apart by checkpoint keys and shapes (a1111-reference.md 9d).
 * SD 1.x, SD 2.x (512-base eps, 768-v, inpainting) and SDXL base/refiner run; the others are recognised so
 * that they are refused with a clear message naming the family instead of being mis-loaded.
 */
public enum ModelFamily {
    SD1("SD 1.x", true),
    SD1_INPAINTING("SD 1.x inpainting", true),
    SD1_INSTRUCT_PIX2PIX("SD 1.x InstructPix2Pix", false),
    SD2("SD 2.x", true),
    SD2_INPAINTING("SD 2.x inpainting", true),
    SD2_DEPTH("SD 2.x depth", false),
    SD2_UNCLIP("SD 2.1 unCLIP", false),
    ALT_DIFFUSION("AltDiffusion", false),
    SDXL("SDXL", true),
    SDXL_INPAINTING("SDXL inpainting", false),
    SDXL_REFINER("SDXL refiner", true),
    SD3("SD 3", false),
    UNKNOWN("an unknown model type", false);

    private final String displayName;
    private final boolean runnable;

    ModelFamily(String displayName, boolean runnable) {
        this.displayName = displayName;
        this.runnable = runnable;
    }

    /** User-facing name ("SDXL", "SD 2.x inpainting"). */
    public String displayName() {
        return displayName;
    }

    /** SDXL base, inpainting or refiner: sgm conditioner (two or one text encoders, vector input y). */
    public boolean sdxl() {
        return this == SDXL || this == SDXL_INPAINTING || this == SDXL_REFINER;
    }

    /** Whether this version can generate images with it. */
    public boolean runnable() {
        return runnable;
    }
}
