package dev.sdwebui.pipeline;

import dev.sdwebui.config.settings.A1111Settings;
import dev.sdwebui.infotext.InfotextParams;
import dev.sdwebui.infotext.InfotextWriter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds each image's "parameters" text. Ref: A1111 processing.py {@code create_infotext} (v1.10):
 * the conditions that depend on settings or the sampler are decided here, the formatting in
 * {@link InfotextWriter}.
 */
final class InfotextFactory {

    private final InfotextWriter writer = new InfotextWriter();
    private final JobPlan plan;
    private final LoadedModel model;
    private final String version;
    private final Map<String, Object> extras = new LinkedHashMap<>();

    InfotextFactory(JobPlan plan, LoadedModel model, String version) {
        this.plan = plan;
        this.model = model;
        this.version = version;
    }

    /** A1111 {@code p.extra_generation_params}: later entries win, insertion order kept. */
    void addExtras(Map<String, ?> more) {
        extras.putAll(more);
    }

    Map<String, Object> extras() {
        return new LinkedHashMap<>(extras);
    }

    /** The infotext of image {@code index} of the job (0-based over all iterations). */
    String infotext(int index) {
        GenerationRequest r = plan.request();
        JobSettings s = plan.settings();
        InfotextParams.Builder b = InfotextParams.builder(plan.prompts().get(index), plan.negativePrompts().get(index),
                r.steps(), plan.sampler().name(), r.cfgScale(), plan.seeds().get(index), r.width(), r.height());
        b.scheduleType(plan.scheduleLabel());
        b.model(s.bool("add_model_hash_to_info", true) ? model.shortHash() : null,
                s.bool("add_model_name_to_info", true) ? model.nameForExtra() : null);
        if (r.subseedStrength() != 0) {
            b.variationSeed(plan.subseeds().get(index), r.subseedStrength());
        }
        b.seedResizeFrom(r.seedResizeFromW(), r.seedResizeFromH());
        b.clipSkip(plan.clipSkip());
        int ensd = s.get(A1111Settings.ETA_NOISE_SEED_DELTA);
        if (ensd != 0 && plan.sampler().usesEnsd()) {
            b.ensd(ensd);
        }
        b.rng(s.get(A1111Settings.RANDN_SOURCE));
        b.tiling(r.tiling());
        // "Denoising strength" has its own place in A1111's create_infotext (after "Seed resize from").
        extras.forEach((k, v) -> {
            if ("Denoising strength".equals(k) && v instanceof Number n) {
                b.denoisingStrength(n.doubleValue());
            } else {
                b.extra(k, v);
            }
        });
        if (s.bool("add_version_to_infotext", true)) {
            b.version(version);
        }
        return writer.write(b.build());
    }
}
