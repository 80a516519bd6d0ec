package dev.sdwebui.infotext;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@code /sdapi/v1/png-info} reports for an image.
 *
 * @param parameters the generation infotext, or null when the image has none
 * @param items      the other metadata items (PNG text chunks except "parameters"; "exif comment" for JPEG)
 */
public record ImageInfo(String parameters, Map<String, String> items) {

    public ImageInfo {
        items = Collections.unmodifiableMap(new LinkedHashMap<>(items));
    }
}
