package dev.sdwebui.model.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Writes SD 1.x-shaped checkpoints for tests and benchmarks: the exact LDM key set and shapes of a
 * {@link LdmTopology} (see {@link LdmKeySet}), floats as F16 or F32, the schedule buffers computed like
 * LDM, and either an all-zero sparse data area (a 2 GB file costs no disk and no time) or seeded random
 * weights (uniform in +-1/sqrt(fan_in)).
 */
public final class SyntheticCheckpoint {

    /** What the float tensors hold. */
    public enum Content { ZEROS, RANDOM }

    private SyntheticCheckpoint() {
    }

    /** The tensors such a file holds, in file order (floats in {@code floatType}). */
    public static List<SafetensorsWriter.TensorSpec> tensors(LdmTopology topology, StoredDType floatType) {
        if (floatType != StoredDType.F16 && floatType != StoredDType.F32) {
            throw new IllegalArgumentException("floatType must be F16 or F32");
        }
        return LdmKeySet.of(topology, floatType);
    }

    /**
     * Writes the checkpoint. With {@link Content#ZEROS} only the header is written and the file is
     * extended (schedule buffers and position ids are then zero too); with RANDOM every tensor is filled.
     */
    public static void write(Path file, LdmTopology topology, StoredDType floatType, Content content, long seed)
            throws IOException {
        List<SafetensorsWriter.TensorSpec> specs = tensors(topology, floatType);
        Map<String, String> meta = Map.of("format", "pt", "producer", "sd-webui SyntheticCheckpoint",
                "topology", topology.toString());
        if (content == Content.ZEROS) {
            SafetensorsWriter.write(file, specs, meta, null);
            return;
        }
        Map<String, double[]> schedule = ScheduleBuffers.sd1();
        SplittableRandom root = new SplittableRandom(seed);
        SafetensorsWriter.write(file, specs, meta, (spec, out) -> fill(spec, out, schedule, root.split()));
    }

    private static void fill(SafetensorsWriter.TensorSpec spec, ByteBuffer out, Map<String, double[]> schedule,
                             SplittableRandom rnd) {
        double[] buffer = schedule.get(spec.name());
        long n = spec.numel();
        if (spec.dtype() == StoredDType.I64) { // position_ids: 0..76
            for (long i = 0; i < n; i++) {
                out.putLong(i);
            }
        } else if (spec.dtype() == StoredDType.I32) {
            for (long i = 0; i < n; i++) {
                out.putInt(0);
            }
        } else if (buffer != null) {
            for (double v : buffer) {
                putFloat(out, spec.dtype(), (float) v);
            }
        } else {
            double scale = 1 / Math.sqrt(fanIn(spec.shape()));
            for (long i = 0; i < n; i++) {
                putFloat(out, spec.dtype(), (float) ((rnd.nextDouble() * 2 - 1) * scale));
            }
        }
    }

    private static long fanIn(long[] shape) {
        long f = 1;
        for (int i = 1; i < shape.length; i++) {
            f *= shape[i];
        }
        return f;
    }

    private static void putFloat(ByteBuffer out, StoredDType t, float v) {
        if (t == StoredDType.F32) {
            out.putFloat(v);
        } else {
            out.putShort(HalfFloat.fromFloat(v));
        }
    }
}
