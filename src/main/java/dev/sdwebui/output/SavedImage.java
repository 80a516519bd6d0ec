package dev.sdwebui.output;

import java.nio.file.Path;

/**
 * Where an image went.
 *
 * @param image the image file
 * @param text  the .txt sidecar (save_txt), or null
 */
public record SavedImage(Path image, Path text) {
}
