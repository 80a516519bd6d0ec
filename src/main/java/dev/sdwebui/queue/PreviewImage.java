package dev.sdwebui.queue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;
import javax.imageio.ImageIO;

/**
 * A live preview of the running job. Built from PNG bytes or from a {@link BufferedImage}; an image is
 * encoded to PNG lazily, on the first thread that asks (an HTTP poll or an event dispatcher), so the
 * worker never pays for PNG encoding. {@link #id()} grows with each new preview (A1111
 * {@code id_live_preview}), so pollers can skip an image they already have.
 */
public final class PreviewImage {

    private final long id;
    private final BufferedImage image;
    private volatile byte[] png;

    private PreviewImage(long id, BufferedImage image, byte[] png) {
        this.id = id;
        this.image = image;
        this.png = png;
    }

    static PreviewImage ofPng(long id, byte[] png) {
        Objects.requireNonNull(png, "png");
        if (png.length < 8 || (png[0] & 0xFF) != 0x89 || png[1] != 'P' || png[2] != 'N' || png[3] != 'G') {
            throw new IllegalArgumentException("preview bytes are not a PNG image");
        }
        return new PreviewImage(id, null, png.clone());
    }

    static PreviewImage ofImage(long id, BufferedImage image) {
        return new PreviewImage(id, Objects.requireNonNull(image, "image"), null);
    }

    /** The preview counter value when this image was set (1 for the first preview of a job). */
    public long id() {
        return id;
    }

    /** The preview as PNG bytes (a copy; encoded once and cached). */
    public byte[] png() {
        byte[] bytes = png;
        if (bytes == null) {
            synchronized (this) {
                bytes = png;
                if (bytes == null) {
                    bytes = encode(image);
                    png = bytes;
                }
            }
        }
        return bytes.clone();
    }

    private static byte[] encode(BufferedImage image) {
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            if (!ImageIO.write(image, "png", out)) {
                throw new IllegalStateException("no PNG writer for image type " + image.getType());
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("could not encode the preview as PNG", e);
        }
    }
}
