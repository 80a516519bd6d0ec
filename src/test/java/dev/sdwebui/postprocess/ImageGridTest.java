package dev.sdwebui.postprocess;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImageGridTest {

    @Test
    void rowsFollowA1111() {
        // auto: round(sqrt(n))
        assertThat(ImageGrid.rows(1, 1, -1, false)).isEqualTo(1);
        assertThat(ImageGrid.rows(2, 2, -1, false)).isEqualTo(1);
        assertThat(ImageGrid.rows(3, 3, -1, false)).isEqualTo(2);
        assertThat(ImageGrid.rows(4, 4, -1, false)).isEqualTo(2);
        assertThat(ImageGrid.rows(6, 6, -1, false)).isEqualTo(2);
        assertThat(ImageGrid.rows(7, 7, -1, false)).isEqualTo(3);
        assertThat(ImageGrid.rows(9, 3, -1, false)).isEqualTo(3);
        // prevent empty spots: largest divisor <= floor(sqrt(n))
        assertThat(ImageGrid.rows(7, 7, -1, true)).isEqualTo(1);
        assertThat(ImageGrid.rows(8, 8, -1, true)).isEqualTo(2);
        assertThat(ImageGrid.rows(12, 4, -1, true)).isEqualTo(3);
        // 0: batch size; >0: fixed, never more than the images
        assertThat(ImageGrid.rows(8, 4, 0, false)).isEqualTo(4);
        assertThat(ImageGrid.rows(8, 4, 3, false)).isEqualTo(3);
        assertThat(ImageGrid.rows(2, 1, 5, false)).isEqualTo(2);
    }

    @Test
    void pastesRowByRowOnBlack() {
        List<BufferedImage> imgs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            BufferedImage img = new BufferedImage(4, 3, BufferedImage.TYPE_3BYTE_BGR);
            for (int y = 0; y < 3; y++) {
                for (int x = 0; x < 4; x++) {
                    img.setRGB(x, y, (i + 1) * 40 << 16 | x * 10 << 8 | y * 20);
                }
            }
            imgs.add(img);
        }
        BufferedImage grid = ImageGrid.grid(imgs, 3, -1, false); // 3 images -> 2 rows, 2 cols
        assertThat(grid.getWidth()).isEqualTo(8);
        assertThat(grid.getHeight()).isEqualTo(6);
        assertThat(grid.getRGB(4 + 2, 1) & 0xffffff).isEqualTo(imgs.get(1).getRGB(2, 1) & 0xffffff);
        assertThat(grid.getRGB(3, 3 + 2) & 0xffffff).isEqualTo(imgs.get(2).getRGB(3, 2) & 0xffffff);
        assertThat(grid.getRGB(5, 4) & 0xffffff).isZero();
    }
}
