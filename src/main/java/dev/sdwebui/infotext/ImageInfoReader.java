package dev.sdwebui.infotext;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the generation info from encoded image bytes.
 * Ref: modules/images.py read_info_from_image: PNG text items with "parameters" popped as the infotext;
 * for EXIF images the UserComment becomes both the infotext and the item "exif comment".
 * NovelAI PNG conversion is not done.
 */
public final class ImageInfoReader {

    /** Throws {@link IllegalArgumentException} with a user-facing message for unknown or corrupt data. */
    public ImageInfo read(byte[] image) {
        if (PngTextChunks.isPng(image)) {
            Map<String, String> items = new LinkedHashMap<>(PngTextChunks.read(image));
            String parameters = items.remove("parameters");
            return new ImageInfo(parameters, items);
        }
        if (ExifUserComment.isJpeg(image)) {
            String comment = ExifUserComment.read(image);
            Map<String, String> items = new LinkedHashMap<>();
            if (comment != null && !comment.isEmpty()) {
                items.put("exif comment", comment);
                return new ImageInfo(comment, items);
            }
            return new ImageInfo(null, items);
        }
        throw new IllegalArgumentException("unsupported image format: only PNG and JPEG metadata can be read");
    }
}
