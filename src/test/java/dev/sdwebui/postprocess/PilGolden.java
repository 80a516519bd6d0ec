package dev.sdwebui.postprocess;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The golden values of src/test/resources/postprocess/pil-golden.json: inputs and outputs of the image
 * operations A1111 v1.10 runs for img2img/inpainting, computed with Pillow and OpenCV by
 * src/test/python/postprocess/pil_golden.py (see its header for how to rerun it).
 */
public final class PilGolden {

    private static JsonNode root;

    private PilGolden() {
    }

    /** The parsed file (read once). */
    public static synchronized JsonNode root() {
        if (root == null) {
            try (InputStream in = PilGolden.class.getResourceAsStream("/postprocess/pil-golden.json")) {
                if (in == null) {
                    throw new IllegalStateException("postprocess/pil-golden.json is missing from the test resources");
                }
                root = new ObjectMapper().readTree(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return root;
    }

    /** An image entry {@code {w, h, mode, data}}. */
    public static Pixels image(JsonNode e) {
        String mode = e.get("mode").asText();
        int ch = switch (mode) {
            case "L" -> 1;
            case "RGB" -> 3;
            case "RGBA" -> 4;
            default -> throw new IllegalArgumentException("mode " + mode);
        };
        return new Pixels(e.get("w").asInt(), e.get("h").asInt(), ch, ints(e.get("data")));
    }

    public static int[] ints(JsonNode arr) {
        int[] out = new int[arr.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = arr.get(i).asInt();
        }
        return out;
    }

    /** Indexes where two same-length arrays differ, as "i: got/want" (first 10) for failure messages. */
    public static String diff(int[] got, int[] want) {
        StringBuilder sb = new StringBuilder();
        int n = 0;
        int max = 0;
        for (int i = 0; i < Math.min(got.length, want.length); i++) {
            if (got[i] != want[i]) {
                if (n < 10) {
                    sb.append(i).append(": ").append(got[i]).append('/').append(want[i]).append("; ");
                }
                n++;
                max = Math.max(max, Math.abs(got[i] - want[i]));
            }
        }
        if (got.length != want.length) {
            sb.append("lengths ").append(got.length).append('/').append(want.length);
        }
        return n + " values differ (max " + max + "): " + sb;
    }
}
