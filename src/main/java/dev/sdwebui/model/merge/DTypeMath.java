package dev.sdwebui.model.merge;

import dev.sdwebui.model.io.HalfFloat;
import dev.sdwebui.model.io.StoredDType;
import java.nio.ByteBuffer;

/**
 * torch's elementwise arithmetic as the merger uses it, one op at a time with the op's result dtype:
 * half/bfloat16/float32 ops run in float32 ("opmath") and round once to the result type, float64 in double,
 * integer ops exactly; {@code int_tensor * python_float} gives float32 (torch's default dtype).
 * Values are carried as {@code double}, which holds every stored type exactly.
 */
final class DTypeMath {

    private DTypeMath() {
    }

    /** torch.result_type of two tensors. */
    static StoredDType promote(StoredDType a, StoredDType b) {
        if (a == b) {
            return a;
        }
        if (a.isFloating() != b.isFloating()) {
            return a.isFloating() ? a : b;
        }
        if (a.isFloating()) {
            if (a == StoredDType.F64 || b == StoredDType.F64) {
                return StoredDType.F64;
            }
            return StoredDType.F32; // F16+BF16, F16+F32, BF16+F32
        }
        return a == StoredDType.BOOL ? b : b == StoredDType.BOOL ? a : StoredDType.I64;
    }

    /** Result type of {@code tensor * python_float}. */
    static StoredDType scalarMul(StoredDType t) {
        return t.isFloating() ? t : StoredDType.F32;
    }

    /** {@code x * s} computed and rounded as torch does for a tensor of type {@code t}. */
    static double mul(double x, StoredDType t, double s) {
        StoredDType r = scalarMul(t);
        return r == StoredDType.F64 ? x * s : round(r, (float) x * (float) s);
    }

    /** {@code x + y} (or {@code x - y} with {@code sign = -1}) in the promoted type {@code r}. */
    static double add(double x, double y, int sign, StoredDType r) {
        if (r == StoredDType.F64) {
            return x + sign * y;
        }
        if (r.isFloating()) {
            return round(r, sign > 0 ? (float) x + (float) y : (float) x - (float) y);
        }
        return round(r, sign > 0 ? x + y : x - y);
    }

    /** Rounds a value to the type (float32 ties-to-even, half/bf16 from float32, integers wrap as torch). */
    static double round(StoredDType t, double v) {
        return switch (t) {
            case F64 -> v;
            case F32 -> (float) v;
            case F16 -> HalfFloat.toFloat(HalfFloat.fromFloat((float) v));
            case BF16 -> Float.intBitsToFloat(bf16Bits((float) v) << 16);
            case I64 -> (double) (long) v;
            case I32 -> (int) (long) v;
            case I16 -> (short) (long) v;
            case I8 -> (byte) (long) v;
            case U8 -> ((long) v) & 0xff;
            case BOOL -> v != 0 ? 1 : 0;
        };
    }

    /** float32 -> bfloat16 bits, round to nearest even (torch c10::round_to_nearest_even). */
    static int bf16Bits(float f) {
        if (Float.isNaN(f)) {
            return 0x7fc0;
        }
        int bits = Float.floatToRawIntBits(f);
        return ((bits + 0x7fff + ((bits >>> 16) & 1)) >>> 16) & 0xffff;
    }

    /** Writes a value already rounded to {@code t} in its little-endian storage form. */
    static void encode(StoredDType t, double v, ByteBuffer out) {
        switch (t) {
            case F64 -> out.putDouble(v);
            case F32 -> out.putFloat((float) v);
            case F16 -> out.putShort(HalfFloat.fromFloat((float) v));
            case BF16 -> out.putShort((short) bf16Bits((float) v));
            case I64 -> out.putLong((long) v);
            case I32 -> out.putInt((int) (long) v);
            case I16 -> out.putShort((short) (long) v);
            case I8, U8, BOOL -> out.put((byte) (long) v);
            default -> throw new IllegalStateException(t.name());
        }
    }
}
