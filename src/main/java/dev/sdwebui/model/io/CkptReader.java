package dev.sdwebui.model.io;

import ai.djl.ndarray.NDManager;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/** Reads PyTorch zip checkpoints (torch.save since 1.6): data.pkl. */
final class CkptReader {

    private CkptReader() {
    }

    static StateDict read(Path file, FileChannel ch, NDManager parent, ReadOptions options)
            throws WeightsFormatException {
        throw new WeightsFormatException(file, ".ckpt reading is being implemented (use .safetensors)");
    }
}
