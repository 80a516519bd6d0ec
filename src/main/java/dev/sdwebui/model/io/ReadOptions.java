package dev.sdwebui.model.io;

/**
 * How {@link WeightsReader} turns a file into tensors.
 *
 * @param upcastToFloat32   convert every floating tensor (F16, BF16, F64) to F32 at load. On CPU this is
 *                          the only sensible choice: fp16 matmul/conv are 50-600x slower than fp32 there
 *                          (djl-notes.md section 3). BF16 is always converted to F32, whatever this flag
 *                          says, because DJL 0.36 cannot represent bf16 (creating one aborts the JVM).
 * @param allowUnsafePickle the {@code --disable-safe-unpickle} escape hatch for {@code .ckpt} files: globals
 *                          outside the allow-list become inert placeholders instead of refusing the file.
 *                          Nothing from a pickle is ever executed, with or without this flag.
 * @param threads           threads that read and convert safetensors tensors (at least 1; the result is the
 *                          same for any count, see {@link ParallelReads})
 */
public record ReadOptions(boolean upcastToFloat32, boolean allowUnsafePickle, int threads) {

    public ReadOptions {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
    }

    public ReadOptions(boolean upcastToFloat32, boolean allowUnsafePickle) {
        this(upcastToFloat32, allowUnsafePickle, ParallelReads.defaultThreads());
    }

    /** Upcast to fp32, safe unpickling: the CPU default. */
    public static ReadOptions defaults() {
        return new ReadOptions(true, false);
    }

    /** Keep the stored dtypes (BF16 still becomes F32), safe unpickling. */
    public static ReadOptions raw() {
        return new ReadOptions(false, false);
    }

    /** The same options read with {@code n} threads. */
    public ReadOptions withThreads(int n) {
        return new ReadOptions(upcastToFloat32, allowUnsafePickle, n);
    }
}
