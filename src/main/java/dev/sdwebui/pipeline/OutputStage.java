package dev.sdwebui.pipeline;

import dev.sdwebui.output.ImageSaver;
import dev.sdwebui.output.NamingContext;
import dev.sdwebui.output.OutputSettings;
import dev.sdwebui.output.SaveKind;
import dev.sdwebui.output.SaveRequest;
import dev.sdwebui.postprocess.ImageGrid;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Saving samples and the grid, A1111 {@code process_images_inner}: each image is saved when
 * {@code samples_save} and not {@code do_not_save_samples}; a grid is made when there are at least two
 * images (or {@code grid_only_if_multiple} is off) and {@code return_grid} or {@code grid_save} is on and
 * not {@code do_not_save_grid}; it leads the returned images when {@code return_grid}.
 */
final class OutputStage {

    private final ImageSaver saver;
    private final JobPlan plan;
    private final OutputSettings settings;
    private final LoadedModel model;
    private final String jobTimestamp;
    private final List<Path> saved = new ArrayList<>();
    private final SaveKind kind;

    OutputStage(ImageSaver saver, JobPlan plan, LoadedModel model, String jobTimestamp) {
        this(saver, plan, model, jobTimestamp, SaveKind.TXT2IMG);
    }

    /** @param kind which outputs folder (img2img jobs pass IMG2IMG) */
    OutputStage(ImageSaver saver, JobPlan plan, LoadedModel model, String jobTimestamp, SaveKind kind) {
        this.kind = kind;
        this.saver = saver;
        this.plan = plan;
        this.settings = OutputSettingsMapper.from(plan.settings());
        this.model = model;
        this.jobTimestamp = jobTimestamp;
    }

    List<Path> saved() {
        return List.copyOf(saved);
    }

    void saveSample(BufferedImage image, int index, String infotext) {
        if (!settings.samplesSave() || plan.request().doNotSaveSamples()) {
            return;
        }
        int batch = plan.request().batchSize();
        NamingContext naming = naming(plan.seeds().get(index), plan.prompts().get(index), index / batch, index % batch);
        saved.add(saver.save(SaveRequest.sample(image, infotext, naming, kind), settings).image());
    }

    /** The grid to show first, or null; saves it when grid_save. */
    BufferedImage grid(List<BufferedImage> images, String infotext) {
        GenerationRequest r = plan.request();
        boolean unwanted = images.size() < 2 && settings.gridOnlyIfMultiple();
        boolean returnGrid = plan.settings().bool("return_grid", true);
        if (images.isEmpty() || unwanted || r.doNotSaveGrid() || !(returnGrid || settings.gridSave())) {
            return null;
        }
        BufferedImage grid = ImageGrid.grid(images, r.batchSize(), settings.nRows(), settings.gridPreventEmptySpots());
        if (settings.gridSave()) {
            NamingContext naming = naming(plan.seeds().get(0), plan.prompts().get(0), 0, 0);
            saved.add(saver.save(SaveRequest.grid(grid, infotext, naming, kind), settings).image());
        }
        return returnGrid ? grid : null;
    }

    private NamingContext naming(long seed, String prompt, int iteration, int batchIndex) {
        GenerationRequest r = plan.request();
        return new NamingContext(seed, prompt, plan.negativePrompt(), r.steps(), r.cfgScale(), plan.sampler().name(),
                r.styles(), plan.stylePrompts(), model.shortHash(), model.nameForExtra(), jobTimestamp,
                r.batchSize(), r.nIter(), iteration, batchIndex, plan.seeds(), plan.clipSkip(), null, null, null);
    }
}
