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
        return withChannel(file, ch -> isZip(file, ch)
                ? CkptReader.read(file, ch, parent, options)
                : SafetensorsReader.read(file, ch, parent, options));
    }

    /**
     * Tensor name -> shape (sorted by name) without reading any tensor data: the safetensors header, or
     * the checkpoint's pickle (same allow-list as {@link #read}). Used to detect the model family before
     * paying for a full load.
     */
    public static java.util.SortedMap<String, long[]> shapes(Path file, ReadOptions options)
            throws WeightsFormatException {
        return withChannel(file, ch -> {
            java.util.SortedMap<String, long[]> out = new java.util.TreeMap<>();
            if (isZip(file, ch)) {
                CkptReader.parse(file, ch, options).tensors().forEach((k, t) -> out.put(k, t.size().clone()));
            } else {
                SafetensorsReader.readHeader(file, ch).entries().forEach((k, e) -> out.put(k, e.shape().clone()));
            }
            return out;
        });
    }

    /**
     * The whole object a torch.save zip holds (what {@code torch.load} returns, not just its tensors), as
     * inert Java data, for small files whose structure matters (textual-inversion embeddings). Same
     * restricted unpickler and allow-list as {@link #read}: nothing is executed, and a global outside the
     * allow-list refuses the file unless {@code options.allowUnsafePickle()}.
     *
     * <p>Python -> Java: dict -> {@code LinkedHashMap} (keys converted too), list -> {@code ArrayList},
     * tuple -> unmodifiable {@code List}, set -> {@code LinkedHashSet}, str -> String, int -> Long or
     * BigInteger, float -> Double, bool -> Boolean, bytes -> byte[], None -> null, tensor ->
     * {@link PickledTensor} (fp32 heap copy), other objects -> {@link PickledObject}.
     *
     * @param maxTensorBytes refuse the file when its tensors (as fp32) exceed this many bytes in total
     * @throws WeightsFormatException when the file is missing, not a torch zip, corrupt, refused, or too large
     */
    public static Object readObject(Path file, ReadOptions options, long maxTensorBytes) throws WeightsFormatException {
        return withChannel(file, ch -> {
            if (!isZip(file, ch)) {
                throw new WeightsFormatException(file, "not a PyTorch file (expected a torch.save zip archive)");
            }
            return PickleTree.read(file, ch, options, maxTensorBytes);
        });
    }

    /** The safetensors {@code __metadata__} (empty for checkpoints), without reading tensor data. */
    public static java.util.Map<String, String> metadata(Path file) throws WeightsFormatException {
        return withChannel(file, ch -> isZip(file, ch) ? java.util.Map.of()
                : SafetensorsReader.readHeader(file, ch).metadata());
    }

    private interface ChannelTask<T> {
        T run(FileChannel ch) throws IOException, WeightsFormatException;
    }

    static boolean isZip(Path file, FileChannel ch) throws IOException, WeightsFormatException {
        byte[] magic = new byte[(int) Math.min(ch.size(), 9)];
        ch.read(ByteBuffer.wrap(magic), 0);
        // A legacy torch.save starts with the pickled magic number: PROTO n, then LONG1 (0x8a). A safetensors
        // header length may also begin with 0x80 0x0n (e.g. 128 bytes), so only the LONG1 opcode tells them apart.
        if (magic.length >= 3 && (magic[0] & 0xff) == 0x80 && magic[1] <= 5 && (magic[2] & 0xff) == 0x8a) {
            throw new WeightsFormatException(file, "this is a legacy (pre-1.6, non-zip) torch.save file, which is "
                    + "not supported; re-save it with a recent PyTorch or convert it to .safetensors");
        }
        return magic.length >= 2 && magic[0] == 'P' && magic[1] == 'K';
    }

    private static <T> T withChannel(Path file, ChannelTask<T> task) throws WeightsFormatException {
        if (!Files.isRegularFile(file)) {
            throw new WeightsFormatException(file, "no such file");
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return task.run(ch);
        } catch (NoSuchFileException ex) {
            throw new WeightsFormatException(file, "no such file", ex);
        } catch (IOException ex) {
            throw new WeightsFormatException(file, "read error: " + ex.getMessage(), ex);
        }
    }
}
