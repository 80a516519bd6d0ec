package dev.sdwebui.infotext;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Writes A1111's {@code parameters} text.
 * Ref: modules/processing.py create_infotext (v1.10): a dict with fixed keys in a fixed order (None
 * omitted), then {@code **p.extra_generation_params}, then Version and User; each entry is
 * {@code k if k == v else f"{k}: {quote(v)}"}, joined by ", "; the whole text is
 * {@code f"{prompt}{negative_line}\n{params}".strip()}.
 */
public final class InfotextWriter {

    /** The infotext of one image. */
    public String write(InfotextParams p) {
        Map<String, Object> params = parameters(p);
        StringJoiner line = new StringJoiner(", ");
        for (Map.Entry<String, Object> e : params.entrySet()) {
            if (e.getValue() == null) {
                continue;
            }
            String k = e.getKey();
            String v = PyFormat.str(e.getValue());
            line.add(k.equals(v) ? k : k + ": " + InfotextQuoting.quote(e.getValue()));
        }
        String negative = p.negativePrompt().isEmpty() ? "" : "\nNegative prompt: " + p.negativePrompt();
        return PyFormat.strip(p.prompt() + negative + "\n" + line);
    }

    /** The ordered key/value dict A1111 builds before formatting (null = omitted). */
    public Map<String, Object> parameters(InfotextParams p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Steps", p.steps());
        m.put("Sampler", p.sampler());
        m.put("Schedule type", p.scheduleType());
        m.put("CFG scale", p.cfgScale());
        m.put("Image CFG scale", p.imageCfgScale());
        m.put("Seed", p.seed());
        m.put("Face restoration", p.faceRestoration());
        m.put("Size", p.width() + "x" + p.height());
        m.put("Model hash", p.modelHash());
        m.put("Model", p.modelName());
        m.put("FP8 weight", null);
        m.put("Cache FP16 weight for LoRA", null);
        m.put("VAE hash", p.vaeHash());
        m.put("VAE", p.vaeName());
        boolean variation = p.variationSeedStrength() != 0 && p.variationSeed() != null;
        m.put("Variation seed", variation ? p.variationSeed() : null);
        m.put("Variation seed strength", variation ? p.variationSeedStrength() : null);
        boolean resized = p.seedResizeFromW() > 0 && p.seedResizeFromH() > 0;
        m.put("Seed resize from", resized ? p.seedResizeFromW() + "x" + p.seedResizeFromH() : null);
        m.put("Denoising strength", p.denoisingStrength());
        m.put("Conditional mask weight", null);
        m.put("Clip skip", p.clipSkip() <= 1 ? null : p.clipSkip());
        m.put("ENSD", p.ensd() == null || p.ensd() == 0 ? null : p.ensd());
        m.put("Token merging ratio", null);
        m.put("Token merging ratio hr", null);
        m.put("Init image hash", null);
        m.put("RNG", p.rng() == null || "GPU".equals(p.rng()) ? null : p.rng());
        m.put("Tiling", p.tiling() ? "True" : null);
        // Python dict semantics: a key already present keeps its position and takes the new value.
        m.putAll(p.extras());
        m.put("Version", p.version());
        m.put("User", p.user());
        return m;
    }
}
