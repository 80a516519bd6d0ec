package dev.sdwebui.model.merge;

import java.nio.file.Path;

/**
 * A written merge.
 *
 * @param file    the new checkpoint
 * @param name    its file name (as the checkpoint list shows it, without the hash)
 * @param sha256  its sha256
 * @param message A1111's status line, "Checkpoint saved to ..."
 */
public record MergeResult(Path file, String name, String sha256, String message) {
}
