package dev.sdwebui.device;

/**
 * The settings (config.json) the device manager reads at every use, so a change applies without a
 * restart: {@code cross_attention_optimization}, {@code batch_cond_uncond}, and ours for the CPU bf16
 * UNet and the GPU weights budget.
 */
public interface DeviceSettings {

    /** A1111's "Automatic", "None" or an optimization title. */
    String crossAttentionOptimization();

    /** A1111's setting {@code batch_cond_uncond} (default true). */
    boolean batchCondUncond();

    /** Compute the UNet in bfloat16 on CPU (applies at the next model load). */
    boolean cpuBf16();

    /** GPU weights budget for the UNet in MB; 0: no budget. */
    int gpuWeightsBudgetMb();

    /** The defaults (for tests and tools without a settings store). */
    static DeviceSettings defaults() {
        return new DeviceSettings() {
            @Override
            public String crossAttentionOptimization() {
                return AttentionMode.AUTOMATIC;
            }

            @Override
            public boolean batchCondUncond() {
                return true;
            }

            @Override
            public boolean cpuBf16() {
                return false;
            }

            @Override
            public int gpuWeightsBudgetMb() {
                return 0;
            }
        };
    }
}
