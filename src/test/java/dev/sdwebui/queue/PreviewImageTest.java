package dev.sdwebui.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class PreviewImageTest {

    @Test
    void encodesABufferedImageToPngOnceAndHandsOutCopies() throws Exception {
        BufferedImage image = new BufferedImage(16, 8, BufferedImage.TYPE_INT_RGB);
        image.setRGB(3, 2, 0x00FF8040);
        PreviewImage preview = PreviewImage.ofImage(7, image);

        byte[] png = preview.png();
        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(png));
        assertThat(decoded.getWidth()).isEqualTo(16);
        assertThat(decoded.getHeight()).isEqualTo(8);
        assertThat(decoded.getRGB(3, 2) & 0xFFFFFF).isEqualTo(0xFF8040);
        png[0] = 0;
        assertThat(preview.png()[0] & 0xFF).isEqualTo(0x89);
        assertThat(preview.id()).isEqualTo(7);
    }

    @Test
    void acceptsPngBytesAndRejectsOtherBytes() {
        byte[] png = PreviewImage.ofImage(1, new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB)).png();
        assertThat(PreviewImage.ofPng(2, png).png()).isEqualTo(png);
        assertThatThrownBy(() -> PreviewImage.ofPng(3, new byte[] {(byte) 0xFF, (byte) 0xD8, 0, 0, 0, 0, 0, 0}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a PNG");
    }
}
