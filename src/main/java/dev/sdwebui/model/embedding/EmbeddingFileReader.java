package dev.sdwebui.model.embedding;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Reads an embedding file into a plain object tree: maps ({@code String} keys), {@link TensorData},
 * strings, numbers, lists, null. {@code .pt}/{@code .bin} need the restricted unpickler of
 * {@code dev.sdwebui.model.io} (adapt its {@code WeightsReader} to this interface in the wiring);
 * {@link SafetensorsEmbeddingReader} handles {@code .safetensors} on its own.
 */
@FunctionalInterface
public interface EmbeddingFileReader {

    /** The file's top-level dictionary. Throws {@link IOException} with a readable message on failure. */
    Map<String, Object> read(Path file) throws IOException;
}
