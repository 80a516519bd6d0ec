package dev.sdwebui.nn.network;

/**
 * How strongly one network applies: text encoder, UNet, and the LoRA rank limit (null = all ranks).
 * Ref: A1111 extra_networks_lora.py activate ({@code te}, {@code unet}, {@code dyn}).
 */
public record Multipliers(double te, double unet, Integer dyn) {
}
