package dev.sdwebui.infotext;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What one image's infotext says: the typed fields that A1111's {@code create_infotext} always
 * considers, plus {@code extras} (A1111's {@code p.extra_generation_params}, insertion-ordered).
 *
 * <p>Nullable fields are omitted from the text when null, as A1111 omits {@code None}. The caller
 * decides A1111's conditions that depend on settings or the sampler (e.g. pass {@code ensd} only when
 * the sampler uses it, {@code modelHash} only when {@code add_model_hash_to_info}); the writer applies
 * the conditions that depend on the value alone (clip skip > 1, variation strength != 0, RNG != GPU...).
 * Extras values are formatted with Python's {@code str()}: pass {@code Integer 2} for "2" and
 * {@code Double 2.0} for "2.0". An extras key that is one of A1111's fixed keys (for example
 * "Token merging ratio", "Conditional mask weight", "Init image hash") lands in its fixed position.
 *
 * @param cfgScale written with Python float formatting ("7.0", "7.5"), as A1111's API does because
 *                 its request field is a float (the Gradio UI writes "7" because the browser sends an int)
 */
public record InfotextParams(
        String prompt, String negativePrompt, int steps, String sampler, String scheduleType,
        double cfgScale, Double imageCfgScale, long seed, String faceRestoration, int width, int height,
        String modelHash, String modelName, String vaeHash, String vaeName,
        Long variationSeed, double variationSeedStrength, int seedResizeFromW, int seedResizeFromH,
        Double denoisingStrength, int clipSkip, Integer ensd, String rng, boolean tiling,
        Map<String, Object> extras, String version, String user) {

    public InfotextParams {
        Objects.requireNonNull(prompt, "prompt");
        negativePrompt = negativePrompt == null ? "" : negativePrompt;
        Objects.requireNonNull(sampler, "sampler");
        if (steps < 0 || width <= 0 || height <= 0) {
            throw new IllegalArgumentException("infotext needs steps >= 0 and a positive size, got steps=" + steps
                    + " size=" + width + "x" + height);
        }
        extras = Collections.unmodifiableMap(new LinkedHashMap<>(extras == null ? Map.of() : extras));
    }

    /** Starts a builder with the fields every generation has. */
    public static Builder builder(String prompt, String negativePrompt, int steps, String sampler, double cfgScale,
                                  long seed, int width, int height) {
        return new Builder(prompt, negativePrompt, steps, sampler, cfgScale, seed, width, height);
    }

    /** Fluent construction; optional fields default to "absent". */
    public static final class Builder {
        private final String prompt;
        private final String negativePrompt;
        private final int steps;
        private final String sampler;
        private final double cfgScale;
        private final long seed;
        private final int width;
        private final int height;
        private String scheduleType;
        private Double imageCfgScale;
        private String faceRestoration;
        private String modelHash;
        private String modelName;
        private String vaeHash;
        private String vaeName;
        private Long variationSeed;
        private double variationSeedStrength;
        private int seedResizeFromW;
        private int seedResizeFromH;
        private Double denoisingStrength;
        private int clipSkip = 1;
        private Integer ensd;
        private String rng;
        private boolean tiling;
        private final Map<String, Object> extras = new LinkedHashMap<>();
        private String version;
        private String user;

        private Builder(String prompt, String negativePrompt, int steps, String sampler, double cfgScale, long seed,
                        int width, int height) {
            this.prompt = prompt;
            this.negativePrompt = negativePrompt;
            this.steps = steps;
            this.sampler = sampler;
            this.cfgScale = cfgScale;
            this.seed = seed;
            this.width = width;
            this.height = height;
        }

        public Builder scheduleType(String v) { scheduleType = v; return this; }
        public Builder imageCfgScale(Double v) { imageCfgScale = v; return this; }
        public Builder faceRestoration(String v) { faceRestoration = v; return this; }
        public Builder model(String hash, String name) { modelHash = hash; modelName = name; return this; }
        public Builder vae(String hash, String name) { vaeHash = hash; vaeName = name; return this; }
        public Builder variationSeed(long subseed, double strength) {
            variationSeed = subseed;
            variationSeedStrength = strength;
            return this;
        }
        public Builder seedResizeFrom(int w, int h) { seedResizeFromW = w; seedResizeFromH = h; return this; }
        public Builder denoisingStrength(Double v) { denoisingStrength = v; return this; }
        public Builder clipSkip(int v) { clipSkip = v; return this; }
        public Builder ensd(Integer v) { ensd = v; return this; }
        public Builder rng(String v) { rng = v; return this; }
        public Builder tiling(boolean v) { tiling = v; return this; }
        public Builder extra(String key, Object value) { extras.put(key, value); return this; }
        public Builder version(String v) { version = v; return this; }
        public Builder user(String v) { user = v; return this; }

        public InfotextParams build() {
            return new InfotextParams(prompt, negativePrompt, steps, sampler, scheduleType, cfgScale, imageCfgScale,
                    seed, faceRestoration, width, height, modelHash, modelName, vaeHash, vaeName, variationSeed,
                    variationSeedStrength, seedResizeFromW, seedResizeFromH, denoisingStrength, clipSkip, ensd, rng,
                    tiling, extras, version, user);
        }
    }
}
