package dev.sdwebui.postprocess;

/** A1111 img2img {@code resize_mode} (the index is the API value). */
public enum ResizeMode {
    JUST_RESIZE("Just resize"),
    CROP_AND_RESIZE("Crop and resize"),
    RESIZE_AND_FILL("Resize and fill"),
    LATENT_UPSCALE("Just resize (latent upscale)");

    private final String label;

    ResizeMode(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** @throws IllegalArgumentException outside 0..3 */
    public static ResizeMode of(int index) {
        if (index < 0 || index >= values().length) {
            throw new IllegalArgumentException("resize_mode must be 0..3, got " + index);
        }
        return values()[index];
    }
}
