package dev.sdwebui.model.io;

import ai.djl.ndarray.types.DataType;
import java.util.Optional;

/**
 * Element types found in checkpoint files, with their size on disk and the DJL type that can carry them.
 * BF16 and I16 have no carrier: DJL 0.36 aborts the JVM on {@code DataType.BFLOAT16}/{@code INT16}
 * (djl-notes.md section 3), so they are converted in Java (to F32 / I32) before a tensor is created.
 */
public enum StoredDType {
    F64(8, DataType.FLOAT64, "DoubleStorage", true),
    F32(4, DataType.FLOAT32, "FloatStorage", true),
    F16(2, DataType.FLOAT16, "HalfStorage", true),
    BF16(2, null, "BFloat16Storage", true),
    I64(8, DataType.INT64, "LongStorage", false),
    I32(4, DataType.INT32, "IntStorage", false),
    I16(2, null, "ShortStorage", false),
    I8(1, DataType.INT8, "CharStorage", false),
    U8(1, DataType.UINT8, "ByteStorage", false),
    BOOL(1, DataType.BOOLEAN, "BoolStorage", false);

    private final int size;
    private final DataType carrier;
    private final String torchStorage;
    private final boolean floating;

    StoredDType(int size, DataType carrier, String torchStorage, boolean floating) {
        this.size = size;
        this.carrier = carrier;
        this.torchStorage = torchStorage;
        this.floating = floating;
    }

    /** Bytes per element on disk. */
    public int size() {
        return size;
    }

    /** The DJL type holding this data unchanged, or empty when it must be converted in Java. */
    public Optional<DataType> carrier() {
        return Optional.ofNullable(carrier);
    }

    public boolean isFloating() {
        return floating;
    }

    /** The safetensors dtype string ("F16", "BF16", ...), or empty for names we do not read. */
    public static Optional<StoredDType> fromSafetensors(String name) {
        for (StoredDType t : values()) {
            if (t.name().equals(name)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /** The torch storage class name ("FloatStorage", "BFloat16Storage", ...). */
    public static Optional<StoredDType> fromTorchStorage(String className) {
        for (StoredDType t : values()) {
            if (t.torchStorage.equals(className)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
