package dev.sdwebui.postprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class EncodedImagesTest {

    /** A valid PNG whose IHDR declares w x h (8-bit RGB) and whose IDAT holds a few compressed rows only. */
    static byte[] pngDeclaring(int w, int h) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(out);
        d.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
        DataOutputStream i = new DataOutputStream(ihdr);
        i.writeInt(w);
        i.writeInt(h);
        i.write(new byte[] {8, 2, 0, 0, 0});
        chunk(d, "IHDR", ihdr.toByteArray());
        Deflater z = new Deflater();
        z.setInput(new byte[3 * w + 1]); // one zero row: a bomb compresses whole rows like this
        z.finish();
        byte[] buf = new byte[1 << 16];
        int n = z.deflate(buf);
        chunk(d, "IDAT", java.util.Arrays.copyOf(buf, n));
        chunk(d, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static void chunk(DataOutputStream d, String type, byte[] data) throws Exception {
        d.writeInt(data.length);
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        d.write(t);
        d.write(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        d.writeInt((int) crc.getValue());
    }

    @Test
    void aSmallPngDeclaringThirtyThousandSquaredIsRefusedBeforeDecoding() throws Exception {
        byte[] bomb = pngDeclaring(30000, 30000);
        assertThat(bomb.length).isLessThan(2000);
        long before = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
        assertThatThrownBy(() -> EncodedImages.decode(Base64.getEncoder().encodeToString(bomb), "init image 1"))
                .isInstanceOf(EncodedImages.BadImageException.class)
                .hasMessageContaining("init image 1 is 30000x30000 = 900.0 M pixels, above the limit of 89.5 M");
        long after = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
        assertThat(after - before).as("no 2.7 GB pixel buffer").isLessThan(500L << 20);
    }

    @Test
    void picturesUpToTheLimitDecodeAndTheFirstPixelsAreRight() throws Exception {
        BufferedImage img = new BufferedImage(5, 3, BufferedImage.TYPE_INT_RGB);
        img.setRGB(1, 2, 0x123456);
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(img, "png", png);
        String url = "data:image/png;base64," + Base64.getEncoder().encodeToString(png.toByteArray());
        BufferedImage back = EncodedImages.decode(url, "image");
        assertThat(back.getWidth()).isEqualTo(5);
        assertThat(back.getRGB(1, 2) & 0xffffff).isEqualTo(0x123456);
        assertThat(EncodedImages.decode(png.toByteArray(), "image").getHeight()).isEqualTo(3);
    }

    @Test
    void badInputGetsAMessageNamingTheField() {
        assertThatThrownBy(() -> EncodedImages.decode("", "mask")).hasMessage("The mask is empty");
        assertThatThrownBy(() -> EncodedImages.decode("not base64 !!", "mask")).hasMessageContaining("not valid base64");
        assertThatThrownBy(() -> EncodedImages.decode(Base64.getEncoder().encodeToString("hello".getBytes()), "mask"))
                .hasMessageContaining("the mask is not a PNG, JPEG, BMP or GIF picture");
        assertThatThrownBy(() -> EncodedImages.decode(new byte[EncodedImages.MAX_BYTES + 1], "image"))
                .hasMessageContaining("larger than 50 MiB");
    }
}
