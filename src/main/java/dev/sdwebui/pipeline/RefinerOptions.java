package dev.sdwebui.pipeline;

/**
 * A1111's Refiner: {@code refiner_checkpoint} takes over sampling once the completed ratio reaches
 * {@code refiner_switch_at} (0..1).
 *
 * @param checkpoint a checkpoint title, name or hash the registry knows
 * @param switchAt   the completed ratio (by sigma) at which the refiner takes over
 */
public record RefinerOptions(String checkpoint, double switchAt) {
    public RefinerOptions {
        if (checkpoint == null || checkpoint.isBlank()) {
            throw new IllegalArgumentException("refiner_checkpoint is required");
        }
        if (!(switchAt >= 0 && switchAt <= 1)) {
            throw new IllegalArgumentException("refiner_switch_at must be between 0 and 1, got " + switchAt);
        }
    }
}
