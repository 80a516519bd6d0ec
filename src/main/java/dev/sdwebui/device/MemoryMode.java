package dev.sdwebui.device;

/** A1111's VRAM modes. Ref: modules/lowvram.py setup_for_low_vram(sd_model, use_medvram). */
public enum MemoryMode {
    /** Every weight on the device. */
    NORMAL,
    /** {@code --medvram}: one of text encoder / UNet / VAE on the device at a time, the rest in RAM. */
    MEDVRAM,
    /** {@code --lowvram}: as medvram, and the UNet's time_embed, input blocks, middle block and output blocks one at a time. */
    LOWVRAM;

    /** What A1111 prints ("medvram", "lowvram", "normal"). */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
