package dev.sdwebui.pipeline;

import dev.sdwebui.config.settings.SettingsRegistry;
import dev.sdwebui.config.settings.SettingsStore;
import dev.sdwebui.output.ImageSaver;
import dev.sdwebui.output.NamingContext;
import dev.sdwebui.output.SaveKind;
import dev.sdwebui.output.SaveRequest;
import dev.sdwebui.postprocess.ExtrasUpscale;
import dev.sdwebui.postprocess.ImageUpscaler;
import dev.sdwebui.postprocess.Pixels;
import dev.sdwebui.postprocess.Upscaler;
import dev.sdwebui.postprocess.upscale.UpscalerCatalog;
import dev.sdwebui.queue.JobSpec;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The Extras tab's run (A1111 modules/postprocessing.py {@code run_postprocessing}, v1.10, with the Upscale
 * script; no face restorer is installed): every image goes through {@link ExtrasUpscale}; its infotext is
 * A1111's postprocessing text ("Postprocess upscale by: 2, Postprocess upscaler: ..."), stored in the PNG
 * under "extras" when saved to outputs/extras-images (the UI saves; the API does not, as A1111's API
 * passes {@code save_output=False}).
 */
public final class ExtrasPipeline {

    private final UpscalerCatalog upscalers;
    private final ImageSaver saver;
    private final SettingsStore settings;
    private final SettingsRegistry registry;

    public ExtrasPipeline(UpscalerCatalog upscalers, ImageSaver saver, SettingsStore settings, SettingsRegistry registry) {
        this.upscalers = Objects.requireNonNull(upscalers, "upscalers");
        this.saver = saver;
        this.settings = settings;
        this.registry = registry;
    }

    public UpscalerCatalog upscalers() {
        return upscalers;
    }

    /**
     * @param upscaler1 / upscaler2 names ("None" or null for none)
     * @param byText    the factor as A1111 prints it in the infotext
     */
    public record ExtrasRequest(List<Pixels> images, List<String> names, int resizeMode, double upscalingResize,
                                String byText, int maxSideLength, int resizeW, int resizeH, boolean crop,
                                String upscaler1, String upscaler2, double upscaler2Visibility, boolean save,
                                String outputDir) {
        public ExtrasRequest {
            images = List.copyOf(images);
            names = names == null ? List.of() : List.copyOf(names);
        }
    }

    /** The pictures, their infotexts and the html shown under the gallery (the last image's infotext). */
    public record ExtrasResult(List<BufferedImage> images, List<String> infotexts, String htmlInfo) {
    }

    /**
     * Checks names and sizes now (so bad input is a 400, not a failed job) and returns the job.
     *
     * @throws IllegalArgumentException for an unknown upscaler, no image, or bad sizes
     */
    public JobSpec<ExtrasResult> job(ExtrasRequest r) {
        if (r.images().isEmpty()) {
            throw new IllegalArgumentException("No images to process");
        }
        ImageUpscaler u1 = resolve(r.upscaler1());
        ImageUpscaler u2 = resolve(r.upscaler2());
        ExtrasUpscale.Request up = new ExtrasUpscale.Request(r.resizeMode(), r.upscalingResize(), r.byText(),
                r.maxSideLength(), r.resizeW(), r.resizeH(), r.crop(), u1, u2, r.upscaler2Visibility());
        return JobSpec.of("extras", ctx -> run(r, up, ctx));
    }

    private ImageUpscaler resolve(String name) {
        if (name == null || name.equals("None")) {
            return Upscaler.NONE;
        }
        return upscalers.byName(name).orElseThrow(() ->
                new IllegalArgumentException("could not find upscaler named " + name));
    }

    private ExtrasResult run(ExtrasRequest r, ExtrasUpscale.Request up, dev.sdwebui.queue.JobContext ctx) {
        ctx.setJobCount(r.images().size());
        List<BufferedImage> out = new ArrayList<>();
        List<String> infos = new ArrayList<>();
        for (int i = 0; i < r.images().size(); i++) {
            ctx.textinfo("Postprocessing image " + (i + 1) + " out of " + r.images().size());
            ExtrasUpscale.Result res = ExtrasUpscale.run(r.images().get(i), up);
            BufferedImage img = res.image().toImage();
            String info = res.infotext();
            out.add(img);
            infos.add(info);
            if (r.save() && saver != null) {
                save(r, i, img, info);
            }
            ctx.nextJob();
        }
        String last = infos.isEmpty() ? "" : infos.get(infos.size() - 1);
        return new ExtrasResult(out, infos, plaintextToHtml(last));
    }

    /**
     * Saves to outputs/extras-images, or to the batch output directory under the input's own name (A1111
     * {@code use_original_name_batch}, on by default).
     */
    private void save(ExtrasRequest r, int i, BufferedImage img, String info) {
        // save_image(no_prompt=True): never in per-date/prompt sub-folders.
        dev.sdwebui.output.OutputSettings out = dev.sdwebui.output.OutputSettings.Builder.from(
                OutputSettingsMapper.from(JobSettings.of(settings, registry, Map.of()))).saveToDirs(false).build();
        String forced = null;
        if (r.outputDir() != null && !r.outputDir().isBlank()) {
            out = dev.sdwebui.output.OutputSettings.Builder.from(out).outdirExtrasSamples(r.outputDir()).build();
            if (i < r.names().size() && r.names().get(i) != null) {
                String n = java.nio.file.Path.of(r.names().get(i)).getFileName().toString();
                forced = n.contains(".") ? n.substring(0, n.lastIndexOf('.')) : n;
            }
        }
        // A1111 save_image(..., pnginfo_section_name="extras"): the text goes under "extras", not "parameters".
        saver.save(new SaveRequest(img, null, NamingContext.of(null, ""), SaveKind.EXTRAS, false, null, "",
                Map.of("extras", info), forced), out);
    }

    /** A1111 ui_common.plaintext_to_html: lines escaped, joined by {@code <br>\n}, in one paragraph. */
    static String plaintextToHtml(String text) {
        StringBuilder sb = new StringBuilder("<p>");
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (i > 0) {
                sb.append("<br>\n");
            }
            sb.append(lines[i].replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                    .replace("\"", "&quot;").replace("'", "&#x27;"));
        }
        return sb.append("</p>").toString();
    }
}
