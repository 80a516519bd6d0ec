package dev.sdwebui.postprocess.upscale;

import ai.djl.ndarray.NDManager;
import dev.sdwebui.model.io.WeightsFormatException;
import dev.sdwebui.tensor.script.TorchOps;
import java.nio.file.Path;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Keeps the most recently used upscaler network loaded (A1111 loads one per use; a second Extras run or the
 * next hires-fix image reuses it). Calls are serialised: one network runs at a time.
 */
public final class UpscaleModelCache implements AutoCloseable {

    private final NDManager manager;
    private final Supplier<TorchOps> ops;
    private final boolean allowUnsafePickle;
    private UpscaleModel current;

    public UpscaleModelCache(NDManager manager, Supplier<TorchOps> ops, boolean allowUnsafePickle) {
        this.manager = manager;
        this.ops = ops;
        this.allowUnsafePickle = allowUnsafePickle;
    }

    NDManager manager() {
        return manager;
    }

    /**
     * Runs {@code body} with the network of {@code file}.
     *
     * @throws UpscalerLoadException        when the file cannot be read
     * @throws UnsupportedUpscalerException when its architecture is not supported
     */
    public synchronized <T> T with(Path file, Function<UpscaleModel, T> body) {
        if (current == null || !current.file().equals(file)) {
            close();
            try {
                current = UpscaleModelLoader.load(file, ops.get(), manager, allowUnsafePickle);
            } catch (WeightsFormatException e) {
                throw new UpscalerLoadException(e.getMessage(), e);
            }
        }
        return body.apply(current);
    }

    /** The file of the network held now, if any. */
    public synchronized java.util.Optional<Path> loadedFile() {
        return current == null ? java.util.Optional.empty() : java.util.Optional.of(current.file());
    }

    /** The architecture of {@code file} (loads it). */
    public String architecture(Path file) {
        return with(file, UpscaleModel::architecture);
    }

    @Override
    public synchronized void close() {
        if (current != null) {
            current.close();
            current = null;
        }
    }
}
