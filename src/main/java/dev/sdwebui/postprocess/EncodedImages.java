package dev.sdwebui.postprocess;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Base64;
import java.util.Iterator;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * The one decoder of user-supplied pictures (API base64 fields, data URLs, the UI's uploads, fetched URLs):
 * base64 or {@code data:image/...;base64,} text to bytes, bytes to a picture. The picture's size is read from
 * its header first and anything above {@link #MAX_PIXELS} is refused before a pixel buffer is allocated, so a
 * small PNG that declares 30000x30000 cannot take the server's memory (a "decompression bomb").
 * Ref: Pillow {@code Image.MAX_IMAGE_PIXELS} (89,478,485), which A1111 inherits.
 */
public final class EncodedImages {

    /** Pillow's default limit: 1024 * 1024 * 1024 // 4 // 3 pixels. */
    public static final long MAX_PIXELS = 89_478_485L;
    /** Largest encoded picture accepted, before base64 (50 MiB). */
    public static final int MAX_BYTES = 50 * 1024 * 1024;

    private EncodedImages() {
    }

    /** A user-supplied picture that cannot be used; the message says why, naming the field. */
    public static final class BadImageException extends IllegalArgumentException {
        public BadImageException(String message) {
            super(message);
        }
    }

    /** Base64 text, raw or as a data URL, to bytes. @param what "init image 1", "mask"... for messages */
    public static byte[] base64(String data, String what) {
        if (data == null || data.isBlank()) {
            throw new BadImageException("The " + what + " is empty");
        }
        String s = data.strip();
        if (s.startsWith("data:")) {
            int comma = s.indexOf(',');
            s = comma < 0 ? "" : s.substring(comma + 1);
        }
        if (s.length() > (long) MAX_BYTES / 3 * 4 + 4 + s.length() / 76 * 2) {
            throw new BadImageException("The " + what + " is larger than 50 MiB");
        }
        try {
            return Base64.getMimeDecoder().decode(s);
        } catch (IllegalArgumentException e) {
            throw new BadImageException("Invalid encoded image: the " + what + " is not valid base64");
        }
    }

    /** {@link #base64} then {@link #decode(byte[], String)}. */
    public static BufferedImage decode(String data, String what) {
        return decode(base64(data, what), what);
    }

    /** PNG, JPEG, BMP or GIF bytes to a picture (the first frame), size-checked before decoding. */
    public static BufferedImage decode(byte[] bytes, String what) {
        if (bytes.length > MAX_BYTES) {
            throw new BadImageException("The " + what + " is larger than 50 MiB");
        }
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                throw notAPicture(what);
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                long w = reader.getWidth(0);
                long h = reader.getHeight(0);
                if (w <= 0 || h <= 0) {
                    throw notAPicture(what);
                }
                if (w * h > MAX_PIXELS) {
                    throw new BadImageException(String.format(Locale.ROOT,
                            "The %s is %dx%d = %.1f M pixels, above the limit of %.1f M pixels (Pillow's)", what, w, h,
                            w * h / 1e6, MAX_PIXELS / 1e6));
                }
                BufferedImage img = reader.read(0);
                if (img == null) {
                    throw notAPicture(what);
                }
                return img;
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof BadImageException bad) {
                throw bad;
            }
            throw notAPicture(what);
        }
    }

    private static BadImageException notAPicture(String what) {
        return new BadImageException("Invalid encoded image: the " + what + " is not a PNG, JPEG, BMP or GIF picture");
    }
}
