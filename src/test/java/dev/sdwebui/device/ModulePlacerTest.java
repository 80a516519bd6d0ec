package dev.sdwebui.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The placement order of A1111's lowvram.py, recorded on CPU. */
class ModulePlacerTest {

    private static final String U = "model.diffusion_model";

    private static final class Recorder implements WeightMover {
        final List<String> moves = new ArrayList<>();

        @Override
        public void toDevice(String unit) {
            moves.add("gpu " + unit);
        }

        @Override
        public void toHost(String unit) {
            moves.add("cpu " + unit);
        }
    }

    /** The hook calls of one txt2img: CLIP, two UNet calls (2 input, middle, 2 output blocks), VAE. */
    private static void generate(ModuleHook h) {
        h.beforeForward("cond_stage_model");
        for (int call = 0; call < 2; call++) {
            h.beforeForward(U);
            h.beforeForward(U + ".time_embed");
            h.beforeForward(U + ".input_blocks.0");
            h.beforeForward(U + ".input_blocks.1");
            h.beforeForward(U + ".middle_block");
            h.beforeForward(U + ".output_blocks.0");
            h.beforeForward(U + ".output_blocks.1");
            h.beforeForward(U + ".out");
        }
        h.beforeForward("first_stage_model");
    }

    /** Block sizes for a budget of 100: time_embed and two input blocks fit, the rest is streamed. */
    private static Map<String, Long> blockSizes() {
        Map<String, Long> sizes = new LinkedHashMap<>();
        sizes.put(U + ".time_embed", 10L);
        sizes.put(U + ".input_blocks.0", 40L);
        sizes.put(U + ".input_blocks.1", 40L);
        sizes.put(U + ".middle_block", 40L);
        sizes.put(U + ".output_blocks.0", 40L);
        sizes.put(U + ".output_blocks.1", 10L);
        return sizes;
    }

    @Test
    void normalModeMovesNothing() {
        Recorder r = new Recorder();
        generate(new ModulePlacer(MemoryMode.NORMAL, r));
        assertThat(r.moves).isEmpty();
    }

    @Test
    void medvramKeepsOneOfTextEncoderUnetVaeOnTheDevice() {
        Recorder r = new Recorder();
        ModulePlacer p = new ModulePlacer(MemoryMode.MEDVRAM, r);
        generate(p);
        p.sendEverythingToCpu();
        assertThat(r.moves).containsExactly("gpu cond_stage_model", "cpu cond_stage_model", "gpu " + U, "cpu " + U,
                "gpu first_stage_model", "cpu first_stage_model");
    }

    @Test
    void lowvramAlsoSwapsUnetBlocksOneByOne() {
        Recorder r = new Recorder();
        generate(new ModulePlacer(MemoryMode.LOWVRAM, r));
        List<String> expected = new ArrayList<>(List.of("gpu cond_stage_model", "gpu " + U + ".(rest)", "cpu cond_stage_model"));
        String prev = null;
        // the UNet's small rest (out, ...) goes to the device once and stays, as A1111 places it at set-up
        for (int call = 0; call < 2; call++) {
            for (String b : List.of("time_embed", "input_blocks.0", "input_blocks.1", "middle_block", "output_blocks.0", "output_blocks.1")) {
                if (prev != null && !prev.equals(U + "." + b)) {
                    expected.add("cpu " + prev);
                }
                expected.add("gpu " + U + "." + b);
                prev = U + "." + b;
            }
        }
        expected.add("cpu " + prev);
        expected.add("gpu first_stage_model");
        assertThat(r.moves).containsExactlyElementsOf(expected);
    }

    @Test
    void weightsBudgetKeepsWhatFitsAndStreamsTheRest() {
        Map<String, Long> sizes = blockSizes();
        Recorder r = new Recorder();
        ModulePlacer p = new ModulePlacer(MemoryMode.NORMAL, r, sizes, 100);
        assertThat(p.streamedUnits()).containsExactlyInAnyOrder(U + ".middle_block", U + ".output_blocks.0", U + ".output_blocks.1");
        generate(p);
        long residentLoads = r.moves.stream().filter(m -> m.equals("gpu " + U + ".input_blocks.0")).count();
        long streamedLoads = r.moves.stream().filter(m -> m.equals("gpu " + U + ".middle_block")).count();
        assertThat(residentLoads).isEqualTo(1); // loaded once, kept
        assertThat(streamedLoads).isEqualTo(2); // streamed in for each UNet call
        assertThat(r.moves).doesNotContain("cpu " + U + ".input_blocks.0");
    }

    @Test
    void unitSizesGroupCheckpointKeysByBlockInForwardOrder() {
        Map<String, Long> keys = new LinkedHashMap<>();
        keys.put(U + ".output_blocks.10.0.in_layers.0.weight", 5L);
        keys.put(U + ".input_blocks.2.1.proj_in.weight", 3L);
        keys.put(U + ".input_blocks.2.0.in_layers.0.weight", 4L);
        keys.put(U + ".middle_block.0.in_layers.0.weight", 6L);
        keys.put(U + ".time_embed.0.weight", 1L);
        keys.put(U + ".out.2.weight", 2L);
        keys.put(U + ".output_blocks.2.0.in_layers.0.weight", 7L);
        keys.put("first_stage_model.decoder.conv_in.weight", 9L);
        assertThat(ModulePlacer.unetUnitBytes(keys)).containsExactly(
                Map.entry(U + ".time_embed", 1L), Map.entry(U + ".input_blocks.2", 7L), Map.entry(U + ".middle_block", 6L),
                Map.entry(U + ".output_blocks.2", 7L), Map.entry(U + ".output_blocks.10", 5L), Map.entry(U + ".out", 2L));
    }

    @Test
    void atLoadNormalModeSendsEverythingToTheDeviceAndLowMemoryModesKeepItOnTheHost() {
        Recorder normal = new Recorder();
        new ModulePlacer(MemoryMode.NORMAL, normal).placeAtLoad();
        assertThat(normal.moves).containsExactly("gpu " + WeightMover.ALL);
        Recorder med = new Recorder();
        new ModulePlacer(MemoryMode.MEDVRAM, med).placeAtLoad();
        assertThat(med.moves).isEmpty();
        Recorder low = new Recorder();
        ModulePlacer lowvram = new ModulePlacer(MemoryMode.LOWVRAM, low);
        lowvram.placeAtLoad();
        generate(lowvram);
        assertThat(low.moves).startsWith("gpu " + ModulePlacer.UNET_REST, "gpu cond_stage_model");
        assertThat(low.moves.stream().filter(m -> m.equals("gpu " + ModulePlacer.UNET_REST))).hasSize(1);
    }

    @Test
    void atLoadABudgetPlacesTextEncoderVaeAndTheBlocksThatFitAndNeverTheWholeUnet() {
        Map<String, Long> sizes = blockSizes();
        sizes.put(U + ".out", 1L);
        Recorder r = new Recorder();
        ModulePlacer p = new ModulePlacer(MemoryMode.NORMAL, r, sizes, 100);
        p.placeAtLoad();
        assertThat(r.moves).containsExactly("gpu cond_stage_model", "gpu first_stage_model", "gpu " + U + ".time_embed",
                "gpu " + U + ".input_blocks.0", "gpu " + U + ".input_blocks.1");
        r.moves.clear();
        generate(p);
        assertThat(r.moves).doesNotContain("gpu " + U, "gpu " + U + ".input_blocks.0", "gpu cond_stage_model")
                .contains("gpu " + U + ".middle_block", "gpu " + U + ".out");
    }

    @Test
    void unitsOwnTheirKeys() {
        assertThat(ModulePlacer.owns(WeightMover.ALL, "first_stage_model.decoder.conv_in.weight")).isTrue();
        assertThat(ModulePlacer.owns(WeightMover.ALL, "model_ema.diffusion_modelout2weight")).isFalse();
        assertThat(ModulePlacer.owns(WeightMover.ALL, "alphas_cumprod")).isFalse();
        assertThat(ModulePlacer.owns(U, U + ".input_blocks.1.0.in_layers.0.weight")).isTrue();
        assertThat(ModulePlacer.owns(U + ".input_blocks.1", U + ".input_blocks.10.0.in_layers.0.weight")).isFalse();
        assertThat(ModulePlacer.owns(ModulePlacer.UNET_REST, U + ".out.2.weight")).isTrue();
        assertThat(ModulePlacer.owns(ModulePlacer.UNET_REST, U + ".time_embed.0.weight")).isFalse();
        assertThat(ModulePlacer.owns(U + ".out", U + ".out.0.bias")).isTrue();
        assertThat(ModulePlacer.owns("cond_stage_model", "first_stage_model.encoder.conv_in.weight")).isFalse();
    }
}
