package dev.sdwebui.model.io;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Turns raw little-endian bytes (usually a read-only file mapping) into an NDArray in a target manager.
 *
 * <p>Fast path: a direct buffer becomes a tensor with {@code torch::from_blob}, zero-copy (djl-notes.md
 * section 4), and F16/F64 upcast to F32 is one native {@code toType} that allocates fresh libtorch memory
 * (never in place: the source mapping is read-only). BF16 and I16 are converted in Java into a reusable
 * scratch buffer, wrapped, then cloned into libtorch memory, so no per-tensor Java direct memory is kept.
 * One instance per read (it owns the scratch buffer); not thread-safe.
 */
final class TensorFactory {

    private final NDManager manager;
    private final boolean upcast;
    private ByteBuffer scratch;
    private ByteBuffer staging;

    TensorFactory(NDManager manager, boolean upcast) {
        this.manager = manager;
        this.upcast = upcast;
    }

    /**
     * Reads {@code bytes} at {@code pos} of a file into a tensor: tensors kept as stored are zero-copy
     * mappings; tensors that get converted (upcast F16/F64, BF16, I16) are read into a reused staging
     * buffer instead, so no mapping of the 2 GB fp16 original stays behind (mappings are only released
     * by the GC) and RSS holds just the converted fp32 weights.
     */
    NDArray read(java.nio.channels.FileChannel ch, long pos, long bytes, long[] shape, StoredDType type)
            throws java.io.IOException {
        if (!converts(type)) {
            ByteBuffer buf = ch.map(java.nio.channels.FileChannel.MapMode.READ_ONLY, pos, bytes)
                    .order(ByteOrder.LITTLE_ENDIAN);
            return create(buf, shape, type, pos % type.size() == 0);
        }
        ByteBuffer buf = staging(bytes);
        long at = pos;
        while (buf.hasRemaining()) {
            if (ch.read(buf, at) < 0) {
                throw new java.io.EOFException("unexpected end of file at " + at);
            }
            at = pos + buf.position();
        }
        return create(buf.flip(), shape, type, true);
    }

    private boolean converts(StoredDType type) {
        return type == StoredDType.BF16 || type == StoredDType.I16
                || (upcast && type.isFloating() && type != StoredDType.F32);
    }

    private ByteBuffer staging(long bytes) {
        if (bytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("tensor of " + bytes + " bytes is too large to convert");
        }
        if (staging == null || staging.capacity() < bytes) {
            staging = ByteBuffer.allocateDirect((int) bytes).order(ByteOrder.nativeOrder());
        }
        return staging.slice(0, (int) bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * @param data    exactly {@code numel(shape) * type.size()} bytes, position 0
     * @param aligned whether the data address is a multiple of the element size (file offset check)
     */
    NDArray create(ByteBuffer data, long[] shape, StoredDType type, boolean aligned) {
        Shape s = new Shape(shape);
        if (s.size() == 0) {
            return manager.zeros(s, targetType(type));
        }
        if (type == StoredDType.BF16) {
            return copyIntoTorch(convertBf16(data), s, DataType.FLOAT32);
        }
        if (type == StoredDType.I16) {
            return copyIntoTorch(convertI16(data), s, DataType.INT32);
        }
        DataType carrier = type.carrier().orElseThrow();
        NDArray stored = aligned && data.isDirect()
                ? manager.create(data, s, carrier)
                : copyIntoTorch(copyToScratch(data), s, carrier);
        if (upcast && type.isFloating() && carrier != DataType.FLOAT32) {
            NDArray f32 = stored.toType(DataType.FLOAT32, false);
            stored.close();
            return f32;
        }
        return stored;
    }

    private DataType targetType(StoredDType type) {
        if (type == StoredDType.BF16 || (upcast && type.isFloating())) {
            return DataType.FLOAT32;
        }
        return type == StoredDType.I16 ? DataType.INT32 : type.carrier().orElseThrow();
    }

    /** Wraps a scratch slice zero-copy, then clones it so the scratch can be reused. */
    private NDArray copyIntoTorch(ByteBuffer scratchSlice, Shape shape, DataType type) {
        try (NDArray view = manager.create(scratchSlice, shape, type)) {
            return view.duplicate();
        }
    }

    private ByteBuffer scratch(long bytes) {
        if (bytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("tensor of " + bytes + " bytes is too large to convert");
        }
        if (scratch == null || scratch.capacity() < bytes) {
            scratch = ByteBuffer.allocateDirect((int) bytes).order(ByteOrder.nativeOrder());
        }
        return scratch.slice(0, (int) bytes).order(ByteOrder.nativeOrder());
    }

    private ByteBuffer copyToScratch(ByteBuffer data) {
        ByteBuffer out = scratch(data.remaining());
        out.put(data.duplicate()).flip();
        return out;
    }

    // bf16 is the top half of an fp32: bits << 16 is exact (Ref: the bfloat16 format definition).
    private ByteBuffer convertBf16(ByteBuffer data) {
        ByteBuffer in = data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        int n = in.remaining() / 2;
        ByteBuffer out = scratch(4L * n);
        for (int i = 0; i < n; i++) {
            out.putInt(i * 4, (in.getShort(i * 2) & 0xffff) << 16);
        }
        return out;
    }

    private ByteBuffer convertI16(ByteBuffer data) {
        ByteBuffer in = data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        int n = in.remaining() / 2;
        ByteBuffer out = scratch(4L * n);
        for (int i = 0; i < n; i++) {
            out.putInt(i * 4, in.getShort(i * 2));
        }
        return out;
    }
}
