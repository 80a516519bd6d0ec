package dev.sdwebui.model.embedding;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Reads an embedding file into a plain object tree: maps ({@code String} keys), {@link TensorData},
 * strings, numbers, lists, null. {@link SafetensorsEmbeddingReader} handles {@code .safetensors},
 * {@link TorchEmbeddingReader} {@code .pt}/{@code .bin}; {@link #byExtension} picks between them.
 */
@FunctionalInterface
public interface EmbeddingFileReader {

    /** The file's top-level dictionary. Throws {@link IOException} with a readable message on failure. */
    Map<String, Object> read(Path file) throws IOException;

    /**
     * The standard reader: by file extension, case-insensitive, like A1111 {@code load_from_file}:
     * {@code .safetensors} -> {@link SafetensorsEmbeddingReader}, {@code .pt}/{@code .bin} ->
     * {@link TorchEmbeddingReader}; anything else is an error.
     *
     * @param allowUnsafePickle {@code --disable-safe-unpickle}, passed to {@link TorchEmbeddingReader}
     */
    static EmbeddingFileReader byExtension(boolean allowUnsafePickle) {
        EmbeddingFileReader safetensors = new SafetensorsEmbeddingReader();
        EmbeddingFileReader torch = new TorchEmbeddingReader(allowUnsafePickle);
        return file -> {
            String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
            if (n.endsWith(".safetensors")) {
                return safetensors.read(file);
            }
            if (n.endsWith(".pt") || n.endsWith(".bin")) {
                return torch.read(file);
            }
            throw new IOException("unsupported embedding file type: " + file.getFileName());
        };
    }
}
