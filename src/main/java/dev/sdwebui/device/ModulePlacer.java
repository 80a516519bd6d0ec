package dev.sdwebui.device;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The medvram / lowvram / weights-budget policy, driven by the networks' {@link ModuleHook} calls.
 * Ref: modules/lowvram.py: one global {@code module_in_gpu}; {@code send_me_to_gpu} moves the
 * previous unit to CPU and the called one to the GPU. medvram units: {@code cond_stage_model},
 * {@code first_stage_model}, {@code model.diffusion_model}; lowvram also splits the UNet into
 * {@code time_embed}, each {@code input_blocks.i}, {@code middle_block} and each
 * {@code output_blocks.i} (its small rest, e.g. {@code out}, stays on the device).
 *
 * <p>Weights budget (beyond A1111, as Forge's "GPU Weights"): in normal mode with a budget, the UNet
 * blocks that fit (in forward order) stay resident and the others are streamed in one at a time.
 * Thread-safe; one instance per loaded model.
 */
public final class ModulePlacer implements ModuleHook {

    private static final String UNET = "model.diffusion_model";
    /** The UNet weights outside time_embed and the blocks (out.*): kept on the device under lowvram. */
    public static final String UNET_REST = UNET + ".(rest)";
    private static final String CLIP = "cond_stage_model";
    private static final String VAE = "first_stage_model";
    private final MemoryMode mode;
    private final WeightMover mover;
    private final Set<String> units;
    private final Set<String> streamed = new HashSet<>();
    private final Set<String> onDevice = new HashSet<>();
    private String inGpu;

    /**
     * @param unitBytes   UNet block sizes in forward order (from {@link #unetUnitBytes}); used with a budget
     * @param budgetBytes GPU weights budget for the UNet blocks; 0 or less: no budget
     */
    public ModulePlacer(MemoryMode mode, WeightMover mover, Map<String, Long> unitBytes, long budgetBytes) {
        this.mode = mode;
        this.mover = mover;
        this.units = Set.copyOf(unitBytes.keySet());
        if (mode == MemoryMode.NORMAL && budgetBytes > 0) {
            long used = 0;
            boolean full = false;
            for (var e : unitBytes.entrySet()) {
                full = full || used + e.getValue() > budgetBytes;
                if (full) {
                    streamed.add(e.getKey());
                } else {
                    used += e.getValue();
                }
            }
        }
    }

    public ModulePlacer(MemoryMode mode, WeightMover mover) {
        this(mode, mover, Map.of(), 0);
    }

    /**
     * Where the weights go right after a load (they are read into host RAM). Normal mode: everything on
     * the device, or with a budget everything but the streamed UNet blocks. medvram/lowvram: everything
     * stays on the host until a unit runs (Ref: lowvram.setup_for_low_vram keeps the model on the CPU;
     * lowvram keeps only the small UNet rest resident).
     */
    public synchronized void placeAtLoad() {
        switch (mode) {
            case NORMAL -> {
                if (streamed.isEmpty()) {
                    mover.toDevice(WeightMover.ALL);
                } else {
                    resident(CLIP);
                    resident(VAE);
                    units.stream().filter(u -> !streamed.contains(u)).sorted(ModulePlacer::forwardOrder)
                            .forEach(this::resident);
                }
            }
            case LOWVRAM -> resident(UNET_REST);
            case MEDVRAM -> { }
        }
    }

    /** The UNet blocks streamed under the budget (empty without one). */
    public synchronized Set<String> streamedUnits() {
        return Set.copyOf(streamed);
    }

    @Override
    public synchronized void beforeForward(String unit) {
        boolean unetPart = unit.startsWith(UNET + ".");
        switch (mode) {
            case MEDVRAM -> {
                if (!unetPart) {
                    sendToGpu(unit);
                }
            }
            case LOWVRAM -> {
                if (unit.equals(UNET) || unit.equals(UNET + ".out")) {
                    resident(UNET_REST);
                } else {
                    sendToGpu(unit);
                }
            }
            case NORMAL -> {
                // the text encoder, VAE and UNet rest were placed at load; only blocks move from here on
                if (streamed.contains(unit)) {
                    sendToGpu(unit);
                } else if (!streamed.isEmpty() && units.contains(unit)) {
                    resident(unit);
                }
            }
        }
    }

    /** A1111's send_everything_to_cpu after each batch (medvram/lowvram). */
    public synchronized void sendEverythingToCpu() {
        if (mode != MemoryMode.NORMAL && inGpu != null) {
            mover.toHost(inGpu);
            inGpu = null;
        }
    }

    private void sendToGpu(String unit) {
        if (unit.equals(inGpu)) {
            return;
        }
        if (inGpu != null) {
            mover.toHost(inGpu);
        }
        mover.toDevice(unit);
        inGpu = unit;
    }

    private void resident(String unit) {
        if (onDevice.add(unit)) {
            mover.toDevice(unit);
        }
    }

    /**
     * Groups UNet weight sizes by block unit, in forward order: time_embed, input_blocks.i, middle_block,
     * output_blocks.i, and the rest as {@code model.diffusion_model.out}.
     *
     * @param keyBytes canonical checkpoint key -> bytes on the device
     */
    public static Map<String, Long> unetUnitBytes(Map<String, Long> keyBytes) {
        Map<String, Long> sums = new java.util.TreeMap<>(ModulePlacer::forwardOrder);
        keyBytes.forEach((k, b) -> {
            if (k.startsWith(UNET + ".")) {
                sums.merge(unitOf(k), b, Long::sum);
            }
        });
        return new LinkedHashMap<>(sums);
    }

    /**
     * Whether checkpoint key {@code key} belongs to placement unit {@code unit}: {@link WeightMover#ALL} (every
     * weight of the text encoder, UNet and VAE),
     * {@link #UNET_REST} or {@code model.diffusion_model.out} (the UNet keys outside time_embed and the
     * blocks, as {@link #unetUnitBytes} groups them), or a key prefix.
     */
    public static boolean owns(String unit, String key) {
        if (unit.equals(WeightMover.ALL)) {
            // the three networks only: EMA copies and schedule buffers stay in host RAM
            return key.startsWith(UNET + ".") || key.startsWith(CLIP + ".") || key.startsWith(VAE + ".");
        }
        if (unit.equals(UNET_REST) || unit.equals(UNET + ".out")) {
            return key.startsWith(UNET + ".") && unitOf(key).equals(UNET + ".out");
        }
        return key.startsWith(unit + ".");
    }

    private static String unitOf(String key) {
        String[] p = key.substring(UNET.length() + 1).split("\\.");
        return switch (p[0]) {
            case "time_embed", "middle_block" -> UNET + "." + p[0];
            case "input_blocks", "output_blocks" -> UNET + "." + p[0] + "." + p[1];
            default -> UNET + ".out";
        };
    }

    private static int forwardOrder(String a, String b) {
        int c = Integer.compare(rank(a), rank(b));
        return c != 0 ? c : Integer.compare(index(a), index(b));
    }

    private static int rank(String unit) {
        String u = unit.substring(UNET.length() + 1);
        return u.startsWith("time_embed") ? 0 : u.startsWith("input_blocks") ? 1 : u.startsWith("middle_block") ? 2
                : u.startsWith("output_blocks") ? 3 : 4;
    }

    private static int index(String unit) {
        String[] p = unit.split("\\.");
        try {
            return Integer.parseInt(p[p.length - 1]);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
