package dev.sdwebui.infotext;

import java.util.Map;

/**
 * The values A1111 fills in when an infotext lacks a key, so that pasting an old infotext resets the
 * UI to the value that produced the image.
 * Ref: modules/infotext_utils.py parse_generation_parameters (defaults block) and
 * restore_old_hires_fix_params with {@code use_old_hires_fix_width_height=False}.
 */
final class InfotextDefaults {

    private InfotextDefaults() {
    }

    static void apply(Map<String, String> res) {
        // Missing CLIP skip means it was 1 (the default).
        res.putIfAbsent("Clip skip", "1");
        String hypernet = res.get("Hypernet");
        if (hypernet != null) {
            res.put("Prompt", res.get("Prompt") + "<hypernet:" + hypernet + ":"
                    + res.getOrDefault("Hypernet strength", "1.0") + ">");
        }
        if (!res.containsKey("Hires resize-1")) {
            res.put("Hires resize-1", "0");
            res.put("Hires resize-2", "0");
        }
        res.putIfAbsent("Hires sampler", "Use same sampler");
        res.putIfAbsent("Hires checkpoint", "Use same checkpoint");
        res.putIfAbsent("Hires prompt", "");
        res.putIfAbsent("Hires negative prompt", "");
        res.putIfAbsent("Mask mode", "Inpaint masked");
        res.putIfAbsent("Masked content", "original");
        res.putIfAbsent("Inpaint area", "Whole picture");
        res.putIfAbsent("Masked area padding", "32");
        restoreOldHiresFix(res);
        // Missing RNG means the default, which is GPU RNG.
        res.putIfAbsent("RNG", "GPU");
        res.putIfAbsent("Schedule type", "Automatic");
        res.putIfAbsent("Schedule max sigma", "0");
        res.putIfAbsent("Schedule min sigma", "0");
        res.putIfAbsent("Schedule rho", "0");
        res.putIfAbsent("VAE Encoder", "Full");
        res.putIfAbsent("VAE Decoder", "Full");
        res.putIfAbsent("FP8 weight", "Disable");
        if (!res.containsKey("Cache FP16 weight for LoRA") && !"Disable".equals(res.get("FP8 weight"))) {
            res.put("Cache FP16 weight for LoRA", "False");
        }
    }

    /** Old "First pass size: WxH" infotexts become the new hires-fix size fields. */
    private static void restoreOldHiresFix(Map<String, String> res) {
        String fw = res.get("First pass size-1");
        String fh = res.get("First pass size-2");
        if (fw == null || fh == null) {
            return;
        }
        try {
            int firstW = Integer.parseInt(fw);
            int firstH = Integer.parseInt(fh);
            int width = Integer.parseInt(res.getOrDefault("Size-1", "512"));
            int height = Integer.parseInt(res.getOrDefault("Size-2", "512"));
            if (firstW == 0 || firstH == 0) {
                // Ref: processing.old_hires_fix_first_pass_dimensions: ~512*512 pixels, multiples of 64.
                double scale = Math.sqrt(512.0 * 512.0 / ((double) width * height));
                firstW = (int) Math.ceil(scale * width / 64) * 64;
                firstH = (int) Math.ceil(scale * height / 64) * 64;
            }
            res.put("Size-1", Integer.toString(firstW));
            res.put("Size-2", Integer.toString(firstH));
            res.put("Hires resize-1", Integer.toString(width));
            res.put("Hires resize-2", Integer.toString(height));
        } catch (NumberFormatException e) {
            // A1111 would raise here and print an error; an odd infotext keeps its fields as they are.
        }
    }
}
