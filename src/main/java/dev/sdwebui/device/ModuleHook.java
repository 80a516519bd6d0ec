package dev.sdwebui.device;

/**
 * Called by the networks right before a unit runs (A1111's forward_pre_hook {@code send_me_to_gpu} in
 * modules/lowvram.py), so a memory policy can move that unit's weights onto the device first.
 * Unit names are checkpoint key prefixes: {@code cond_stage_model}, {@code first_stage_model},
 * {@code model.diffusion_model}, {@code model.diffusion_model.input_blocks.3}, ...
 */
@FunctionalInterface
public interface ModuleHook {

    /** Does nothing: the normal memory mode, and every placement on CPU-only machines without a policy. */
    ModuleHook NONE = unit -> { };

    void beforeForward(String unit);
}
