package dev.sdwebui.output;

import dev.sdwebui.infotext.ExifUserComment;
import dev.sdwebui.infotext.PngTextChunks;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * PNG and JPEG through javax.imageio, with A1111's metadata.
 * Ref: modules/images.py save_image_with_geninfo: PNG gets every pnginfo item as a text chunk; JPEG is
 * saved as RGB at {@code jpeg_quality} and then gets the EXIF UserComment.
 */
public final class MetadataImageEncoder implements ImageEncoder {

    @Override
    public void encode(BufferedImage image, ImageFormat format, Map<String, String> pngText, String comment,
                       int jpegQuality, OutputStream out) throws IOException {
        if (format == ImageFormat.PNG) {
            byte[] png = encodePng(image);
            out.write(pngText.isEmpty() ? png : PngTextChunks.insert(png, pngText));
        } else {
            byte[] jpeg = encodeJpeg(rgb(image), jpegQuality);
            out.write(comment == null ? jpeg : ExifUserComment.insert(jpeg, comment));
        }
    }

    private static byte[] encodePng(BufferedImage image) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        if (!ImageIO.write(image, "png", bytes)) {
            throw new IOException("no PNG writer for image type " + image.getType());
        }
        return bytes.toByteArray();
    }

    private static byte[] encodeJpeg(BufferedImage image, int quality) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream ios = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(ios);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality / 100f);
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    /** JPEG has no alpha: A1111 converts RGBA to RGB before saving. */
    private static BufferedImage rgb(BufferedImage image) {
        if (image.getType() == BufferedImage.TYPE_3BYTE_BGR || image.getType() == BufferedImage.TYPE_INT_RGB) {
            return image;
        }
        BufferedImage copy = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
        var g = copy.createGraphics();
        try {
            g.drawImage(image, 0, 0, null);
        } finally {
            g.dispose();
        }
        return copy;
    }
}
