package dev.sdwebui.web;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ui-config.json} (--ui-config-file): default values and limits of the UI controls, keyed as A1111
 * does ({@code "txt2img/Sampling steps/value": 20}, {@code ".../minimum"}, {@code ".../maximum"},
 * {@code ".../step"}). Read at every page render so an edit shows on reload; keys missing from the file
 * are added with A1111's defaults and the file is written back (A1111 ui_loadsave.py does the same).
 */
final class UiConfig {

    private static final Logger LOG = LoggerFactory.getLogger(UiConfig.class);
    private final Path file;
    private final int maxBatchCount;
    private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    UiConfig(Path file, int maxBatchCount) {
        this.file = file;
        this.maxBatchCount = maxBatchCount;
    }

    /** A1111's defaults for the controls this UI has (ui.py create_ui / ui_components). */
    Map<String, Object> defaults() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("txt2img/Prompt/value", "");
        d.put("txt2img/Negative prompt/value", "");
        d.put("txt2img/Sampling method/value", "DPM++ 2M");
        d.put("txt2img/Schedule type/value", "Automatic");
        slider(d, "txt2img/Sampling steps", 20, 1, 150, 1);
        slider(d, "txt2img/Width", 512, 64, 2048, 8);
        slider(d, "txt2img/Height", 512, 64, 2048, 8);
        slider(d, "txt2img/Batch count", 1, 1, maxBatchCount, 1);
        slider(d, "txt2img/Batch size", 1, 1, 8, 1);
        slider(d, "txt2img/CFG Scale", 7.0, 1.0, 30.0, 0.5);
        d.put("txt2img/Seed/value", -1);
        d.put("txt2img/Extra/value", false);
        d.put("txt2img/Variation seed/value", -1);
        slider(d, "txt2img/Variation strength", 0.0, 0.0, 1.0, 0.01);
        slider(d, "txt2img/Resize seed from width", 0, 0, 2048, 8);
        slider(d, "txt2img/Resize seed from height", 0, 0, 2048, 8);
        d.put("txt2img/Restore faces/value", false);
        d.put("txt2img/Tiling/value", false);
        d.put("txt2img/Hires. fix/value", false);
        slider(d, "txt2img/Hires steps", 0, 0, 150, 1);
        slider(d, "txt2img/Denoising strength", 0.7, 0.0, 1.0, 0.01);
        slider(d, "txt2img/Upscale by", 2.0, 1.0, 4.0, 0.05);
        d.put("txt2img/Upscaler/value", "Latent");
        slider(d, "txt2img/Resize width to", 0, 0, 2048, 8);
        slider(d, "txt2img/Resize height to", 0, 0, 2048, 8);
        d.put("img2img/Prompt/value", "");
        d.put("img2img/Negative prompt/value", "");
        d.put("img2img/Sampling method/value", "DPM++ 2M");
        d.put("img2img/Schedule type/value", "Automatic");
        slider(d, "img2img/Sampling steps", 20, 1, 150, 1);
        slider(d, "img2img/Width", 512, 64, 2048, 8);
        slider(d, "img2img/Height", 512, 64, 2048, 8);
        slider(d, "img2img/Batch count", 1, 1, maxBatchCount, 1);
        slider(d, "img2img/Batch size", 1, 1, 8, 1);
        slider(d, "img2img/CFG Scale", 7.0, 1.0, 30.0, 0.5);
        slider(d, "img2img/Denoising strength", 0.75, 0.0, 1.0, 0.01);
        d.put("img2img/Seed/value", -1);
        slider(d, "img2img/Mask blur", 4, 0, 64, 1);
        slider(d, "img2img/Only masked padding, pixels", 32, 0, 256, 4);
        slider(d, "img2img/Brush size", 12, 1, 100, 1);
        return d;
    }

    private static void slider(Map<String, Object> d, String name, Number value, Number min, Number max, Number step) {
        d.put(name + "/value", value);
        d.put(name + "/minimum", min);
        d.put(name + "/maximum", max);
        d.put(name + "/step", step);
    }

    /** The effective values: the file's, then defaults for keys it lacks (written back when any were missing). */
    synchronized Map<String, Object> load() {
        Map<String, Object> stored = new LinkedHashMap<>();
        if (Files.isRegularFile(file)) {
            try {
                stored = json.readValue(file.toFile(), new TypeReference<LinkedHashMap<String, Object>>() { });
            } catch (IOException e) {
                LOG.warn("cannot read {} ({}); using the default UI values", file, e.getMessage());
                return defaults();
            }
        }
        Map<String, Object> merged = new LinkedHashMap<>(stored);
        boolean missing = false;
        for (var e : defaults().entrySet()) {
            if (!merged.containsKey(e.getKey())) {
                merged.put(e.getKey(), e.getValue());
                missing = true;
            }
        }
        if (missing) {
            write(merged);
        }
        return merged;
    }

    private void write(Map<String, Object> values) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            json.writeValue(tmp.toFile(), values);
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            LOG.warn("cannot write {}: {}", file, e.getMessage());
        }
    }
}
