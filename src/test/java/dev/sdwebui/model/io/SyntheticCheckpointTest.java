package dev.sdwebui.model.io;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.sdwebui.testsupport.SharedReference;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generator's key set. It is checked two ways: against the real tiny reference file key for key and
 * shape for shape (same code path, other numbers), and against the known SD 1.5 counts:
 *
 * <p>SD 1.5 (v1-inference.yaml) = 1,131 model tensors + 12 schedule buffers = 1,143.
 * UNet 686. A ResBlock has 10 keys (+2 with a skip conv), a SpatialTransformer 26 (norm 2, proj_in 2,
 * attn1 5, attn2 5, ff 4, norm1-3 6, proj_out 2).
 * Input path:
 * 8 ResBlocks, of which input_blocks.4.0 (320->640) and input_blocks.7.0 (640->1280) have a skip conv:
 * 84; output path 12 ResBlocks, all with skip: 144; middle 2 ResBlocks: 20; SpatialTransformers: 6 input
 * + 1 middle + 9 output = 16 x 26 = 416; downsamplers 3 x 2, upsamplers 3 x 2: 12; time_embed 4,
 * input_blocks.0.0 2, out 4: 10. Total 84 + 144 + 20 + 416 + 12 + 10 = 686.
 * VAE 248: encoder conv_in 2, 8 resnets (8 keys, +2 nin_shortcut at down.1.block.0 and down.2.block.0) 68,
 * 3 downsample 6, mid (2 resnets 16 + attn 10) 26, norm_out 2, conv_out 2 = 106; decoder conv_in 2, mid 26,
 * 12 resnets (+2 at up.1.block.0 and up.0.block.0) 100, 3 upsample 6, norm_out 2, conv_out 2 = 138;
 * quant_conv 2 + post_quant_conv 2. 106 + 138 + 4 = 248.
 * CLIP 197: 12 layers x 16 + token/position embedding 2 + position_ids 1 + final_layer_norm 2.
 *
 * <p>Cross-checked by name against public SD 1.5 key dumps found with the code search: e.g. a ControlNet
 * dump lists {@code input_blocks.7.0.skip_connection.weight torch.Size([1280, 640, 1, 1])}, and several
 * LDM-to-diffusers maps list {@code input_blocks.7.0.skip_connection -> down_blocks.2.resnets.0.conv_shortcut}.
 * The tiny reference (channel_mult 1,2,2,2) lacks exactly the 2 + 2 + 2 keys of input_blocks.7.0 skip,
 * encoder down.2.block.0.nin_shortcut and decoder up.1.block.0.nin_shortcut: 1,143 - 6 + 2 (model_ema
 * counters) - 160 (CLIP 12 -> 2 layers) = 979, the tiny.json num_tensors.
 */
class SyntheticCheckpointTest {

    @TempDir
    Path tmp;

    private static Map<String, Long> countByPart(List<SafetensorsWriter.TensorSpec> specs) {
        return specs.stream().collect(Collectors.groupingBy(s -> s.name().startsWith("model.diffusion_model.") ? "unet"
                : s.name().startsWith("first_stage_model.") ? "vae"
                : s.name().startsWith("cond_stage_model.") ? "clip" : "other", Collectors.counting()));
    }

    @Test
    void sd15KeyCounts() {
        List<SafetensorsWriter.TensorSpec> specs = SyntheticCheckpoint.tensors(LdmTopology.sd15(), StoredDType.F16);
        assertThat(countByPart(specs)).containsExactlyInAnyOrderEntriesOf(
                Map.of("unet", 686L, "vae", 248L, "clip", 197L, "other", 12L));
        assertThat(specs).hasSize(1143);
        Map<String, long[]> shapes = specs.stream()
                .collect(Collectors.toMap(SafetensorsWriter.TensorSpec::name, SafetensorsWriter.TensorSpec::shape));
        assertThat(shapes.get("model.diffusion_model.input_blocks.7.0.skip_connection.weight")).containsExactly(1280, 640, 1, 1);
        assertThat(shapes.get("model.diffusion_model.output_blocks.2.1.conv.weight")).containsExactly(1280, 1280, 3, 3);
        assertThat(shapes.get("model.diffusion_model.output_blocks.5.2.conv.weight")).containsExactly(1280, 1280, 3, 3);
        assertThat(shapes.get("model.diffusion_model.output_blocks.11.0.skip_connection.weight")).containsExactly(320, 640, 1, 1);
        assertThat(shapes.get("model.diffusion_model.middle_block.1.transformer_blocks.0.attn2.to_k.weight"))
                .containsExactly(1280, 768);
        assertThat(shapes.get("model.diffusion_model.input_blocks.1.1.transformer_blocks.0.ff.net.0.proj.weight"))
                .containsExactly(2560, 320);
        assertThat(shapes.get("first_stage_model.decoder.up.0.block.0.nin_shortcut.weight")).containsExactly(128, 256, 1, 1);
        assertThat(shapes.get("first_stage_model.encoder.conv_out.weight")).containsExactly(8, 512, 3, 3);
        assertThat(shapes.get("cond_stage_model.transformer.text_model.embeddings.token_embedding.weight"))
                .containsExactly(49408, 768);
        long bytes = specs.stream().mapToLong(SafetensorsWriter.TensorSpec::bytes).sum();
        assertThat(bytes).isBetween(2_120_000_000L, 2_140_000_000L); // the familiar 2.13 GB fp16 file
    }

    @Test
    void tinyTopologyReproducesTheReferenceKeySetAndShapes() throws Exception {
        Path ref = SharedReference.tinyDir().resolve("tiny-fp32.safetensors");
        Map<String, SafetensorsReader.Entry> real;
        try (FileChannel ch = FileChannel.open(ref)) {
            real = SafetensorsReader.readHeader(ref, ch).entries();
        }
        Map<String, SafetensorsWriter.TensorSpec> ours = new LinkedHashMap<>();
        SyntheticCheckpoint.tensors(LdmTopology.tiny(), StoredDType.F32).forEach(s -> ours.put(s.name(), s));
        assertThat(ours.keySet()).containsExactlyInAnyOrderElementsOf(real.keySet());
        assertThat(ours).hasSize(979);
        real.forEach((name, e) -> {
            assertThat(ours.get(name).shape()).as(name).containsExactly(e.shape());
            assertThat(ours.get(name).dtype()).as(name).isEqualTo(e.dtype());
        });
    }

    @Test
    void scheduleBuffersMatchTheReferenceCheckpoint() throws Exception {
        Map<String, double[]> ours = ScheduleBuffers.sd1();
        try (NDManager root = NDManager.newBaseManager();
             StateDict sd = WeightsReader.read(SharedReference.tinyDir().resolve("tiny-fp32.safetensors"), root,
                     ReadOptions.defaults())) {
            for (String name : ScheduleBuffers.NAMES) {
                float[] ref = sd.get(name).toFloatArray();
                for (int i = 0; i < ref.length; i++) {
                    float v = (float) ours.get(name)[i];
                    assertThat(v).as("%s[%d]", name, i).isCloseTo(ref[i], org.assertj.core.data.Offset.offset(
                            Math.ulp(ref[i]) * 2));
                }
            }
        }
    }

    @Test
    void sparseZeroSd15FileLoadsWithExactShapes() throws Exception {
        Path f = tmp.resolve("sd15-zeros.safetensors");
        SyntheticCheckpoint.write(f, LdmTopology.sd15(), StoredDType.F16, SyntheticCheckpoint.Content.ZEROS, 0);
        assertThat(Files.size(f)).isGreaterThan(2_000_000_000L);
        try (NDManager root = NDManager.newBaseManager();
             StateDict sd = WeightsReader.read(f, root, ReadOptions.raw())) {
            assertThat(sd.keys()).hasSize(1143);
            assertThat(sd.get("model.diffusion_model.input_blocks.0.0.weight").getShape().getShape())
                    .containsExactly(320, 4, 3, 3);
            assertThat(sd.get("model.diffusion_model.out.2.bias").getDataType()).isEqualTo(DataType.FLOAT16);
            assertThat(sd.get("model.diffusion_model.out.2.bias").toFloatArray()).containsOnly(0f);
        }
    }

    @Test
    void randomContentIsSeededAndScheduleIsWritten() throws Exception {
        Path a = tmp.resolve("a.safetensors");
        Path b = tmp.resolve("b.safetensors");
        SyntheticCheckpoint.write(a, LdmTopology.tiny(), StoredDType.F16, SyntheticCheckpoint.Content.RANDOM, 7);
        SyntheticCheckpoint.write(b, LdmTopology.tiny(), StoredDType.F16, SyntheticCheckpoint.Content.RANDOM, 7);
        assertThat(Files.mismatch(a, b)).isEqualTo(-1L);
        try (NDManager root = NDManager.newBaseManager();
             StateDict sd = WeightsReader.read(a, root, ReadOptions.defaults())) {
            float[] w = sd.get("model.diffusion_model.input_blocks.0.0.weight").toFloatArray();
            assertThat(w).contains(w[0]).doesNotContain(Float.NaN);
            assertThat(java.util.Arrays.stream(sd.get("model.diffusion_model.input_blocks.0.0.weight").toArray())
                    .mapToDouble(Number::doubleValue).map(Math::abs).max().orElseThrow())
                    .isGreaterThan(0.05).isLessThanOrEqualTo(1 / Math.sqrt(36) + 1e-3);
            assertThat(sd.get("alphas_cumprod").toFloatArray()[999]).isCloseTo(0.00466f,
                    org.assertj.core.data.Offset.offset(1e-4f));
            assertThat(sd.get("cond_stage_model.transformer.text_model.embeddings.position_ids").toLongArray()[76])
                    .isEqualTo(76L);
        }
    }

    @Test
    void everyHalfBitPatternUpcastsExactly() throws Exception {
        ByteBuffer all = ByteBuffer.allocate(65536 * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 65536; i++) {
            all.putShort((short) i);
        }
        Path f = tmp.resolve("halves.safetensors");
        SafetensorsWriter.write(f, List.of(new SafetensorsWriter.TensorSpec("h", StoredDType.F16, new long[] {65536})),
                Map.of(), (spec, out) -> out.put(all.array()));
        try (NDManager root = NDManager.newBaseManager();
             StateDict sd = WeightsReader.read(f, root, ReadOptions.defaults())) {
            float[] up = sd.get("h").toFloatArray();
            for (int i = 0; i < 65536; i++) {
                float mine = HalfFloat.toFloat((short) i);
                if (Float.isNaN(mine)) {
                    assertThat(up[i]).as("half 0x%04x", i).isNaN();
                } else {
                    assertThat(Float.floatToRawIntBits(up[i])).as("half 0x%04x", i).isEqualTo(Float.floatToRawIntBits(mine));
                    assertThat(HalfFloat.fromFloat(mine)).as("round trip 0x%04x", i).isEqualTo((short) i);
                }
            }
        }
    }
}
