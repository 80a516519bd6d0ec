package dev.sdwebui.api;

import dev.sdwebui.output.ImageFormat;
import dev.sdwebui.output.MetadataImageEncoder;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.Map;

/**
 * Base64 image codec of the API. Ref: A1111 api.py {@code encode_pil_to_base64} (format from
 * {@code samples_format}; PNG keeps the "parameters" text chunk, JPEG gets the EXIF UserComment) and
 * {@code decode_base64_to_image} (raw base64 or a {@code data:image/...;base64,} URL).
 */
final class ApiImages {

    private static final MetadataImageEncoder ENCODER = new MetadataImageEncoder();

    private ApiImages() {
    }

    static String encode(BufferedImage image, String infotext, String samplesFormat, boolean pnginfo, int jpegQuality) {
        ImageFormat format = ImageFormat.fromSetting(samplesFormat, "samples_format");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Map<String, String> text = pnginfo && infotext != null && format == ImageFormat.PNG
                ? Map.of("parameters", infotext) : Map.of();
        try {
            ENCODER.encode(image, format, text, pnginfo ? infotext : null, jpegQuality, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Base64.getEncoder().encodeToString(out.toByteArray());
    }

    static String encodePng(byte[] png) {
        return png == null ? null : Base64.getEncoder().encodeToString(png);
    }

    /** @throws ApiException 404 for no image, 400 "Invalid encoded image" (A1111: 500; a user error is a 4xx here) */
    static byte[] decode(String data) {
        if (data == null || data.isBlank()) {
            throw new ApiException(org.springframework.http.HttpStatus.NOT_FOUND, "Image not found");
        }
        try {
            return dev.sdwebui.postprocess.EncodedImages.base64(data, "image");
        } catch (dev.sdwebui.postprocess.EncodedImages.BadImageException e) {
            throw new ApiException(org.springframework.http.HttpStatus.BAD_REQUEST, "Invalid encoded image");
        }
    }
}
