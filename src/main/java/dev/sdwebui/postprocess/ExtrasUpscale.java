package dev.sdwebui.postprocess;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The Extras "Upscale" step. Ref: scripts/postprocessing_upscale.py (A1111 v1.10) {@code process} and
 * {@code upscale}:
 * <ul>
 *   <li>"Scale by" s: {@code upscaler.upscale(img, s)}; with a max side length L > 0 and max(w, h) s > L the
 *       target becomes {@code limit_size_by_one_dimention(w s, h s, L)} (no crop) and s = max(tw / w, th / h).</li>
 *   <li>"Scale to" W x H: s = max(W / w, H / h); with "crop to fit" the result is pasted centred on a black
 *       W x H picture at {@code (W // 2 - w' // 2, H // 2 - h' // 2)}.</li>
 *   <li>Upscaler 2 with visibility v > 0 upscales the <em>original</em> the same way, then
 *       {@code Image.blend(first, second, v)}.</li>
 * </ul>
 * The info entries (postprocessing infotext) follow A1111's order and value formatting.
 */
public final class ExtrasUpscale {

    private ExtrasUpscale() {
    }

    /**
     * @param mode          0 = scale by, 1 = scale to
     * @param upscaleByText how Python prints the factor in the infotext ("2" for an int, "2.0" for a float)
     * @param upscaler2     null or None for no second upscaler
     */
    public record Request(int mode, double upscaleBy, String upscaleByText, int maxSideLength, int toWidth,
                          int toHeight, boolean crop, ImageUpscaler upscaler1, ImageUpscaler upscaler2,
                          double upscaler2Visibility) {
        public Request {
            Objects.requireNonNull(upscaler1, "upscaler1");
            if (mode != 0 && mode != 1) {
                throw new IllegalArgumentException("resize_mode must be 0 (scale by) or 1 (scale to), got " + mode);
            }
            if (mode == 0 && !(upscaleBy > 0)) {
                throw new IllegalArgumentException("upscaling_resize must be positive, got " + upscaleBy);
            }
            if (mode == 1 && (toWidth < 1 || toHeight < 1)) {
                throw new IllegalArgumentException("upscaling_resize_w/h must be positive, got " + toWidth + "x"
                        + toHeight);
            }
            if (upscaler2Visibility < 0 || upscaler2Visibility > 1) {
                throw new IllegalArgumentException("extras_upscaler_2_visibility must be in [0, 1], got "
                        + upscaler2Visibility);
            }
        }
    }

    /** The upscaled picture and the info entries it adds (key -> value as printed). */
    public record Result(Pixels image, Map<String, String> info) {

        /** A1111 {@code ", ".join(k if k == v else f"{k}: {quote(v)}")}. */
        public String infotext() {
            return info.entrySet().stream().map(e -> e.getKey().equals(e.getValue()) ? e.getKey()
                    : e.getKey() + ": " + quote(e.getValue())).collect(Collectors.joining(", "));
        }
    }

    /** A1111 infotext_utils.quote: JSON-quoted when the value holds a comma, a colon or a newline. */
    static String quote(String v) {
        if (!v.contains(",") && !v.contains(":") && !v.contains("\n")) {
            return v;
        }
        StringBuilder sb = new StringBuilder("\"");
        for (char c : v.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                default -> sb.append(c);
            }
        }
        return sb.append('"').toString();
    }

    public static Result run(Pixels image, Request r) {
        Map<String, String> info = new LinkedHashMap<>();
        if (r.upscaler1() == Upscaler.NONE) {
            return new Result(image, info);
        }
        Pixels first = upscale(image, info, r.upscaler1(), r);
        info.put("Postprocess upscaler", r.upscaler1().label());
        ImageUpscaler second = r.upscaler2();
        if (second != null && second != Upscaler.NONE && r.upscaler2Visibility() > 0) {
            Pixels other = upscale(image, info, second, r);
            first = blend(first, other, r.upscaler2Visibility());
            info.put("Postprocess upscaler 2", second.label());
        }
        return new Result(first, info);
    }

    private static Pixels upscale(Pixels image, Map<String, String> info, ImageUpscaler upscaler, Request r) {
        int mode = r.mode();
        double by = r.upscaleBy();
        int toW = r.toWidth();
        int toH = r.toHeight();
        boolean crop = r.crop();
        if (mode == 1) {
            by = Math.max((double) toW / image.width(), (double) toH / image.height());
            info.put("Postprocess upscale to", toW + "x" + toH);
        } else {
            info.put("Postprocess upscale by", r.upscaleByText());
            int limit = r.maxSideLength();
            if (limit != 0 && Math.max(image.width(), image.height()) * by > limit) {
                mode = 1;
                crop = false;
                int[] t = limitSizeByOneDimension(image.width() * by, image.height() * by, limit);
                toW = t[0];
                toH = t[1];
                by = Math.max((double) toW / image.width(), (double) toH / image.height());
                info.put("Max side length", Integer.toString(limit));
            }
        }
        Pixels out = upscaler.upscale(image.toRgb(), by);
        if (mode == 1 && crop) {
            Pixels canvas = Pixels.blank(toW, toH, 3);
            canvas.paste(out, toW / 2 - out.width() / 2, toH / 2 - out.height() / 2);
            out = canvas;
            info.put("Postprocess crop to", out.width() + "x" + out.height());
        }
        return out;
    }

    /** A1111 images.limit_size_by_one_dimention (sic) on float sizes, then int(). */
    static int[] limitSizeByOneDimension(double w, double h, int limit) {
        if (h > w && h > limit) {
            w = Math.floor(limit * w / h);
            h = limit;
        } else if (w > limit) {
            h = Math.floor(limit * h / w);
            w = limit;
        }
        return new int[] {(int) w, (int) h};
    }

    /** PIL {@code Image.blend(a, b, v)}: {@code (uint8)(a + v * (b - a))} in float, truncated. */
    public static Pixels blend(Pixels a, Pixels b, double v) {
        if (a.width() != b.width() || a.height() != b.height() || a.channels() != b.channels()) {
            throw new IllegalArgumentException("images do not match: " + a.width() + "x" + a.height() + " and "
                    + b.width() + "x" + b.height());
        }
        float alpha = (float) v;
        int[] out = new int[a.data().length];
        for (int i = 0; i < out.length; i++) {
            float t = a.data()[i] + alpha * (b.data()[i] - a.data()[i]);
            out[i] = Math.max(0, Math.min(255, (int) t));
        }
        return new Pixels(a.width(), a.height(), a.channels(), out);
    }
}
