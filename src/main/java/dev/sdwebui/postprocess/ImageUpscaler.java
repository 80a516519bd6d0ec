package dev.sdwebui.postprocess;

/**
 * An entry of A1111's {@code shared.sd_upscalers}: a name users pick and a {@code do_upscale} step.
 * Ref: modules/upscaler.py (v1.10) {@code Upscaler.upscale}: the target is {@code int(w * scale // 8 * 8)}
 * (same for h); up to three {@code do_upscale} passes, stopping before a pass once the image covers the
 * target (never before the first pass when scale is 1) and after a pass that did not change the size; then
 * a Lanczos resize to the target when the size differs.
 */
public interface ImageUpscaler {

    /** The name shown in the UI and accepted by the API. */
    String label();

    /** One pass ({@code do_upscale}): a model upscaler runs its network, a PIL one resizes by {@code scale}. */
    Pixels doUpscale(Pixels img, double scale);

    /** The scale reported by /sdapi/v1/upscalers. */
    double scale();

    /** A1111 {@code Upscaler.upscale(img, scale)}. */
    default Pixels upscale(Pixels img, double scale) {
        int destW = (int) (Math.floor(img.width() * scale / 8) * 8);
        int destH = (int) (Math.floor(img.height() * scale / 8) * 8);
        for (int i = 0; i < 3; i++) {
            if (img.width() >= destW && img.height() >= destH && (i > 0 || scale != 1)) {
                break;
            }
            int w = img.width();
            int h = img.height();
            img = doUpscale(img, scale);
            if (img.width() == w && img.height() == h) {
                break;
            }
        }
        if (img.width() != destW || img.height() != destH) {
            img = PilResample.resize(img, Math.max(1, destW), Math.max(1, destH), PilResample.Filter.LANCZOS);
        }
        return img;
    }
}
