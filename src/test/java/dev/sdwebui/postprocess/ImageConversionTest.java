package dev.sdwebui.postprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sdwebui.testsupport.Npy;
import dev.sdwebui.testsupport.SharedReference;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ImageConversionTest {

    @Test
    void decodedVaeOutputGivesTheReferencePngPixelForPixel() throws IOException {
        List<Path> cases;
        try (Stream<Path> s = Files.list(SharedReference.tinyDir().resolve("cases"))) {
            cases = s.filter(p -> Files.exists(p.resolve("decoded.npy"))).sorted().toList();
        }
        assertThat(cases).isNotEmpty();
        for (Path c : cases) {
            Npy decoded = Npy.read(c.resolve("decoded.npy"));
            int h = (int) decoded.shape()[2];
            int w = (int) decoded.shape()[3];
            BufferedImage ours = ImageConversion.toImages(decoded.floats(), 1, h, w).get(0);
            BufferedImage ref = ImageIO.read(c.resolve("image.png").toFile());
            assertThat(ref.getWidth()).isEqualTo(w);
            assertThat(ref.getHeight()).isEqualTo(h);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int a = ours.getRGB(x, y);
                    int b = ref.getRGB(x, y);
                    if (a != b) {
                        throw new AssertionError(c.getFileName() + " pixel (" + x + "," + y + "): ours "
                                + Integer.toHexString(a) + " reference " + Integer.toHexString(b));
                    }
                }
            }
        }
    }

    @Test
    void truncatesInsteadOfRounding() {
        // (x+1)/2*255 = 127.99... -> 127 with truncation (rounding would give 128)
        assertThat(ImageConversion.toByte(0.00390f) & 0xff).isEqualTo(127);
        assertThat(ImageConversion.toByte(-1f) & 0xff).isZero();
        assertThat(ImageConversion.toByte(1f) & 0xff).isEqualTo(255);
        assertThat(ImageConversion.toByte(3f) & 0xff).isEqualTo(255);
        assertThat(ImageConversion.toByte(-7f) & 0xff).isZero();
        assertThat(ImageConversion.toByte(Float.NaN) & 0xff).isZero();
    }

    @Test
    void channelOrderIsRgbFromChw() {
        // one 1x2 image: R plane, G plane, B plane
        float[] chw = {1f, -1f, -1f, 1f, 0f, 0f};
        BufferedImage img = ImageConversion.toImage(chw, 0, 1, 2);
        assertThat(img.getRGB(0, 0) & 0xffffff).isEqualTo(0xff007f);
        assertThat(img.getRGB(1, 0) & 0xffffff).isEqualTo(0x00ff7f);
        assertThatThrownBy(() -> ImageConversion.toImages(chw, 2, 1, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected [2,3,1,2]");
    }
}
