package dev.sdwebui.output;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;

/** Encodes one image with its metadata into a stream (the saver owns the file and its atomic rename). */
public interface ImageEncoder {

    /**
     * @param pngText  text chunks for PNG (e.g. "parameters"), empty when metadata is off
     * @param comment  EXIF UserComment for JPEG, null when there is none or metadata is off
     */
    void encode(BufferedImage image, ImageFormat format, Map<String, String> pngText, String comment, int jpegQuality,
                OutputStream out) throws IOException;
}
