package dev.sdwebui.prompt.cond;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Deterministic stand-in for CLIP: z[b, j] = W[token] (or the override vector) + P[j] + clipSkip.
 * Records every call so tests can count encoder passes and check overrides.
 */
class FakeTextEncoder implements TextEncoder {

    static final int WIDTH = 8;
    private static final int VOCAB = 49408;

    private final float[] table = new float[VOCAB * WIDTH];
    private final float[] positions = new float[77 * WIDTH];
    final List<long[]> calls = new ArrayList<>();
    final List<List<TokenOverride>> overrideCalls = new ArrayList<>();

    FakeTextEncoder() {
        Random r = new Random(1234);
        for (int i = 0; i < table.length; i++) {
            table[i] = (float) r.nextGaussian();
        }
        for (int i = 0; i < positions.length; i++) {
            positions[i] = (float) (r.nextGaussian() * 0.1);
        }
    }

    float[] tokenRow(int token) {
        float[] out = new float[WIDTH];
        System.arraycopy(table, token * WIDTH, out, 0, WIDTH);
        return out;
    }

    float[] positionRow(int j) {
        float[] out = new float[WIDTH];
        System.arraycopy(positions, j * WIDTH, out, 0, WIDTH);
        return out;
    }

    @Override
    public NDArray encode(NDArray tokens, int clipSkip) {
        return encode(tokens, clipSkip, List.of());
    }

    @Override
    public NDArray encode(NDArray tokens, int clipSkip, List<TokenOverride> overrides) {
        long[] ids = tokens.toLongArray();
        calls.add(ids);
        overrideCalls.add(List.copyOf(overrides));
        int b = (int) tokens.getShape().get(0);
        int n = (int) tokens.getShape().get(1);
        float[] out = new float[b * n * WIDTH];
        for (int r = 0; r < b; r++) {
            for (int j = 0; j < n; j++) {
                float[] base = tokenRow((int) ids[r * n + j]);
                for (TokenOverride o : overrides) {
                    if (o.row() == r && j >= o.position() && j < o.position() + o.count()) {
                        System.arraycopy(o.vectors(), (j - o.position()) * WIDTH, base, 0, WIDTH);
                    }
                }
                for (int c = 0; c < WIDTH; c++) {
                    out[(r * n + j) * WIDTH + c] = base[c] + positions[j * WIDTH + c] + clipSkip;
                }
            }
        }
        return tokens.getManager().create(out, new Shape(b, n, WIDTH));
    }

    @Override
    public int width() {
        return WIDTH;
    }
}
