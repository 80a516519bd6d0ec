package dev.sdwebui.model.io;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Entry point of {@code model.io}: reads a {@code .safetensors} or PyTorch {@code .ckpt/.pt} file into a
 * {@link StateDict}. The format is recognised from the first bytes, not the extension: a zip ("PK") is a
 * torch.save archive, anything else is tried as safetensors.
 */
public final class WeightsReader {

    private WeightsReader() {
    }

    /**
     * Reads every tensor of {@code file} into a new sub-manager of {@code parent}. The returned dict owns
     * that sub-manager; close it to free the weights.
     *
     * @throws WeightsFormatException when the file is missing, unreadable, corrupt, truncated, of an
     *                                unsupported format, or (ckpt) references a forbidden pickle global
     */
    public static StateDict read(Path file, NDManager parent, ReadOptions options) throws WeightsFormatException {
        if (!Files.isRegularFile(file)) {
            throw new WeightsFormatException(file, "no such file");
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            byte[] magic = new byte[Math.min(8, (int) Math.min(ch.size(), 8))];
            ch.read(ByteBuffer.wrap(magic), 0);
            if (magic.length >= 2 && magic[0] == 'P' && magic[1] == 'K') {
                return CkptReader.read(file, ch, parent, options);
            }
            if (magic.length >= 2 && (magic[0] & 0xff) == 0x80 && magic[1] <= 5) {
                throw new WeightsFormatException(file, "this is a legacy (pre-1.6, non-zip) torch.save file, which is "
                        + "not supported; re-save it with a recent PyTorch or convert it to .safetensors");
            }
            return SafetensorsReader.read(file, ch, parent, options);
        } catch (NoSuchFileException ex) {
            throw new WeightsFormatException(file, "no such file", ex);
        } catch (IOException ex) {
            throw new WeightsFormatException(file, "read error: " + ex.getMessage(), ex);
        }
    }
}
