package dev.sdwebui.postprocess;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * Batch grids.
 * Ref: modules/images.py image_grid (v1.10): rows = n_rows when > 0; the batch size when 0; otherwise
 * floor(sqrt(n)) lowered until it divides n (grid_prevent_empty_spots) or round(sqrt(n)); never more
 * rows than images; cols = ceil(n / rows); cells of the first image's size on black, filled row by row.
 */
public final class ImageGrid {

    private ImageGrid() {
    }

    /** The number of rows A1111 picks. */
    public static int rows(int count, int batchSize, int nRowsSetting, boolean preventEmptySpots) {
        if (count < 1) {
            throw new IllegalArgumentException("a grid needs at least one image");
        }
        int rows;
        if (nRowsSetting > 0) {
            rows = nRowsSetting;
        } else if (nRowsSetting == 0) {
            rows = batchSize;
        } else if (preventEmptySpots) {
            rows = (int) Math.floor(Math.sqrt(count));
            while (count % rows != 0) {
                rows--;
            }
        } else {
            rows = (int) Math.rint(Math.sqrt(count)); // Python round(): half to even
        }
        return Math.max(1, Math.min(rows, count));
    }

    /** The grid image (TYPE_3BYTE_BGR). */
    public static BufferedImage grid(List<BufferedImage> images, int batchSize, int nRowsSetting,
                                     boolean preventEmptySpots) {
        int rows = rows(images.size(), batchSize, nRowsSetting, preventEmptySpots);
        int cols = (images.size() + rows - 1) / rows;
        int w = images.get(0).getWidth();
        int h = images.get(0).getHeight();
        BufferedImage grid = new BufferedImage(cols * w, rows * h, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = grid.createGraphics();
        try {
            g.setColor(Color.BLACK);
            g.fillRect(0, 0, grid.getWidth(), grid.getHeight());
            for (int i = 0; i < images.size(); i++) {
                g.drawImage(images.get(i), i % cols * w, i / cols * h, null);
            }
        } finally {
            g.dispose();
        }
        return grid;
    }
}
