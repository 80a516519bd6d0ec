package dev.sdwebui.postprocess.upscale;

import dev.sdwebui.postprocess.Pixels;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The ESRGAN-family tiling: PIL-space tiles, each upscaled and converted to 8 bits on its own, pasted back
 * with linear masks over the overlap. Ref: modules/upscaler_utils.py {@code upscale_with_model} and
 * modules/images.py {@code split_grid} / {@code combine_grid} (v1.10):
 * <pre>
 * cols = ceil((w - overlap) / (tile - overlap)); dx = (w - tile) / (cols - 1) (0 for one column)
 * x = int(col * dx); if x + tile >= w: x = w - tile      (negative when the image is narrower than a tile)
 * </pre>
 * Tiles are cropped with black outside the image. Combining (coordinates and overlap times the scale
 * {@code out.width // tile.width}): per row the first tile (x == 0) is pasted whole; a later tile's first
 * {@code overlap} columns through the L mask {@code uint8(arange(overlap) * 255 / overlap)} (float32), the
 * rest plainly; rows likewise with the vertical mask.
 */
final class PilGridTiling {

    private PilGridTiling() {
    }

    /** {@code split_grid} positions, row by row; {@code tile <= 0} means one call on the whole image. */
    static List<List<int[]>> grid(int w, int h, int tileW, int tileH, int overlap) {
        int cols = Math.max(1, (int) Math.ceil((double) (w - overlap) / (tileW - overlap)));
        int rows = Math.max(1, (int) Math.ceil((double) (h - overlap) / (tileH - overlap)));
        double dx = cols > 1 ? (double) (w - tileW) / (cols - 1) : 0;
        double dy = rows > 1 ? (double) (h - tileH) / (rows - 1) : 0;
        List<List<int[]>> out = new ArrayList<>();
        for (int row = 0; row < rows; row++) {
            int y = (int) (row * dy);
            if (y + tileH >= h) {
                y = h - tileH;
            }
            List<int[]> r = new ArrayList<>();
            for (int col = 0; col < cols; col++) {
                int x = (int) (col * dx);
                if (x + tileW >= w) {
                    x = w - tileW;
                }
                r.add(new int[] {x, y});
            }
            out.add(r);
        }
        return out;
    }

    /** {@code upscale_with_model(model, img, tile_size=tile, tile_overlap=overlap)}. */
    static Pixels upscale(Pixels img, int tile, int overlap, UnaryOperator<Pixels> patch) {
        if (tile <= 0) {
            return patch.apply(img);
        }
        List<List<int[]>> grid = grid(img.width(), img.height(), tile, tile, overlap);
        int scale = 1;
        List<List<Pixels>> outs = new ArrayList<>();
        for (List<int[]> row : grid) {
            List<Pixels> r = new ArrayList<>();
            for (int[] pos : row) {
                Pixels t = cropWithBlack(img, pos[0], pos[1], tile, tile);
                Pixels o = patch.apply(t);
                scale = o.width() / t.width();
                r.add(o);
            }
            outs.add(r);
        }
        return combine(grid, outs, tile * scale, img.width() * scale, img.height() * scale, overlap * scale, scale);
    }

    private static Pixels combine(List<List<int[]>> grid, List<List<Pixels>> tiles, int tileH, int imageW, int imageH,
                                  int overlap, int scale) {
        Pixels maskW = mask(overlap, tileH, true);
        Pixels maskH = mask(imageW, overlap, false);
        Pixels combined = Pixels.blank(imageW, imageH, 3);
        for (int r = 0; r < grid.size(); r++) {
            int y = grid.get(r).get(0)[1] * scale;
            int h = tileH;
            Pixels row = Pixels.blank(imageW, h, 3);
            for (int c = 0; c < grid.get(r).size(); c++) {
                int x = grid.get(r).get(c)[0] * scale;
                Pixels tile = tiles.get(r).get(c);
                if (x == 0) {
                    row.paste(tile, 0, 0);
                    continue;
                }
                pasteMasked(row, cropWithBlack(tile, 0, 0, overlap, h), x, 0, maskW);
                row.paste(cropWithBlack(tile, overlap, 0, tile.width() - overlap, h), x + overlap, 0);
            }
            if (y == 0) {
                combined.paste(row, 0, 0);
                continue;
            }
            pasteMasked(combined, cropWithBlack(row, 0, 0, row.width(), overlap), 0, y, maskH);
            combined.paste(cropWithBlack(row, 0, overlap, row.width(), h - overlap), 0, y + overlap);
        }
        return combined;
    }

    /** {@code Image.fromarray(uint8(arange(overlap, float32) * 255 / overlap))} repeated along the other axis. */
    static Pixels mask(int w, int h, boolean horizontal) {
        int overlap = horizontal ? w : h;
        int[] data = new int[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = horizontal ? x : y;
                float v = (float) i * 255f / (float) overlap;
                data[y * w + x] = (int) v;
            }
        }
        return new Pixels(w, h, 1, data);
    }

    /** PIL {@code paste(src, (x, y), mask)}: {@code DIV255(dst * (255 - m) + src * m)}, clipped to dst. */
    static void pasteMasked(Pixels dst, Pixels src, int x, int y, Pixels mask) {
        for (int sy = Math.max(0, -y); sy < src.height() && sy + y < dst.height(); sy++) {
            for (int sx = Math.max(0, -x); sx < src.width() && sx + x < dst.width(); sx++) {
                int m = mask.get(sx, sy, 0);
                for (int c = 0; c < 3; c++) {
                    int d = dst.get(sx + x, sy + y, c);
                    int tmp = d * (255 - m) + src.get(sx, sy, c) * m + 128;
                    dst.set(sx + x, sy + y, c, ((tmp >> 8) + tmp) >> 8);
                }
            }
        }
    }

    /** PIL {@code crop((x, y, x + w, y + h))}: areas outside the image are black. */
    static Pixels cropWithBlack(Pixels img, int x, int y, int w, int h) {
        Pixels out = Pixels.blank(w, h, img.channels());
        out.paste(img, -x, -y);
        return out;
    }
}
