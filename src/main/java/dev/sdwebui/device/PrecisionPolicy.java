package dev.sdwebui.device;

/**
 * The dtype policy (A1111 modules/devices.py dtype, dtype_vae, dtype_unet, unet_needs_upcast and
 * {@code --precision}).
 *
 * @param weights        "float16" or "float32": the UNet/text-encoder weights on the device
 * @param vaeWeights     "float16" or "float32"
 * @param compute        "float32", "float16" (CUDA autocast) or "bfloat16" (CPU {@code --cpu-bf16}, UNet only)
 * @param autocast       {@code --precision autocast} on CUDA with half weights
 * @param upcastSampling {@code --upcast-sampling} with half weights: sampler state fp32, UNet in fp16
 */
public record PrecisionPolicy(String weights, String vaeWeights, String compute, boolean autocast, boolean upcastSampling) {

    /** Whether the UNet runs its heavy ops in bf16 inside the ops module (CPU only). */
    public boolean unetBf16() {
        return "bfloat16".equals(compute);
    }
}
