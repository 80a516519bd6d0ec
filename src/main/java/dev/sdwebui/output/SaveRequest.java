package dev.sdwebui.output;

import java.awt.image.BufferedImage;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One image to save (A1111's {@code images.save_image} arguments).
 *
 * @param infotext      the "parameters" text, or null
 * @param naming        values for the file-name pattern tags
 * @param grid          a grid: grid folder, "grid-NNNN" names, grid format and grid_save_to_dirs
 * @param format        null: samples_format (or grid_format for grids)
 * @param suffix        appended to the pattern part, e.g. "-before-face-restoration"
 * @param existingInfo  more PNG text items, e.g. "postprocessing" from the extras tab
 * @param forcedFilename a name without extension that replaces the pattern and number, or null
 */
public record SaveRequest(BufferedImage image, String infotext, NamingContext naming, SaveKind kind, boolean grid,
                          ImageFormat format, String suffix, Map<String, String> existingInfo, String forcedFilename) {

    public SaveRequest {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(naming, "naming");
        Objects.requireNonNull(kind, "kind");
        suffix = Objects.requireNonNullElse(suffix, "");
        existingInfo = Collections.unmodifiableMap(new LinkedHashMap<>(
                Objects.requireNonNullElse(existingInfo, Map.of())));
        if (forcedFilename != null && (forcedFilename.contains("/") || forcedFilename.contains("\\")
                || forcedFilename.isBlank())) {
            throw new IllegalArgumentException("forced file name must be a plain name: " + forcedFilename);
        }
    }

    /** A generated image: saved in the samples folder under the samples pattern. */
    public static SaveRequest sample(BufferedImage image, String infotext, NamingContext naming, SaveKind kind) {
        return new SaveRequest(image, infotext, naming, kind, false, null, "", Map.of(), null);
    }

    /** A batch grid; give the naming context the first seed and prompt, as A1111 does. */
    public static SaveRequest grid(BufferedImage grid, String infotext, NamingContext naming, SaveKind kind) {
        return new SaveRequest(grid, infotext, naming, kind, true, null, "", Map.of(), null);
    }

    public SaveRequest withFormat(ImageFormat f) {
        return new SaveRequest(image, infotext, naming, kind, grid, f, suffix, existingInfo, forcedFilename);
    }

    public SaveRequest withSuffix(String s) {
        return new SaveRequest(image, infotext, naming, kind, grid, format, s, existingInfo, forcedFilename);
    }
}
