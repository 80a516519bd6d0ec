package dev.sdwebui.device;

/**
 * Moves one unit's weights between host RAM and the compute device. Units are the names
 * {@link ModulePlacer} uses: checkpoint key prefixes ({@code cond_stage_model}, {@code first_stage_model},
 * {@code model.diffusion_model}, {@code model.diffusion_model.input_blocks.3}, ...), plus
 * {@link ModulePlacer#UNET_REST} (the UNet weights outside its blocks) and {@link #ALL}.
 * On a CPU-only run there is nowhere to move to and {@link #NONE} is used: the placement logic still
 * runs (and can be recorded).
 */
public interface WeightMover {

    /** Every weight of the text encoder, UNet and VAE (not EMA copies or schedule buffers). */
    String ALL = "*";

    WeightMover NONE = new WeightMover() {
        @Override
        public void toDevice(String unit) {
        }

        @Override
        public void toHost(String unit) {
        }
    };

    void toDevice(String unit);

    void toHost(String unit);
}
