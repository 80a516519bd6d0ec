package dev.sdwebui.output;

import java.util.Objects;
import java.util.Set;

/**
 * The A1111 settings that decide where and how images are saved (Ref: modules/shared_options.py,
 * sections "Saving images/grids", "Paths for saving", "Saving to a directory"; plus the command-line
 * options --filenames-max-length and --unix-filenames-sanitization). Defaults are A1111's. The
 * settings registry maps into this record; the output package does not read settings itself.
 */
public record OutputSettings(
        boolean samplesSave, String samplesFormat, String samplesFilenamePattern, boolean saveImagesAddNumber,
        String saveImagesReplaceAction, boolean gridSave, String gridFormat, boolean gridExtendedFilename,
        boolean gridOnlyIfMultiple, boolean gridPreventEmptySpots, int nRows, boolean enablePnginfo, boolean saveTxt,
        int jpegQuality, boolean exportForFourChan, double imgDownscaleThreshold, int targetSideLength,
        String outdirSamples, String outdirTxt2imgSamples, String outdirImg2imgSamples,
        String outdirExtrasSamples, String outdirGrids, String outdirTxt2imgGrids, String outdirImg2imgGrids,
        boolean saveToDirs, boolean gridSaveToDirs, String directoriesFilenamePattern, int directoriesMaxPromptWords,
        int filenamesMaxLength, boolean unixFilenamesSanitization) {

    static final Set<String> REPLACE_ACTIONS = Set.of("Replace", "Add number suffix");

    public OutputSettings {
        ImageFormat.fromSetting(samplesFormat, "samples_format");
        ImageFormat.fromSetting(gridFormat, "grid_format");
        if (!REPLACE_ACTIONS.contains(saveImagesReplaceAction)) {
            throw new IllegalArgumentException("save_images_replace_action must be Replace or Add number suffix, got "
                    + saveImagesReplaceAction);
        }
        check(nRows, -1, 16, "n_rows");
        check(jpegQuality, 1, 100, "jpeg_quality");
        check(targetSideLength, 1, 65535, "target_side_length");
        if (!(imgDownscaleThreshold > 0)) {
            throw new IllegalArgumentException("img_downscale_threshold must be > 0 MB, got " + imgDownscaleThreshold);
        }
        check(directoriesMaxPromptWords, 1, 20, "directories_max_prompt_words");
        check(filenamesMaxLength, 1, 255, "filenames_max_length");
        samplesFilenamePattern = Objects.requireNonNullElse(samplesFilenamePattern, "");
        directoriesFilenamePattern = Objects.requireNonNullElse(directoriesFilenamePattern, "");
        outdirSamples = Objects.requireNonNullElse(outdirSamples, "");
        outdirGrids = Objects.requireNonNullElse(outdirGrids, "");
        Objects.requireNonNull(outdirTxt2imgSamples, "outdir_txt2img_samples");
        Objects.requireNonNull(outdirImg2imgSamples, "outdir_img2img_samples");
        Objects.requireNonNull(outdirExtrasSamples, "outdir_extras_samples");
        Objects.requireNonNull(outdirTxt2imgGrids, "outdir_txt2img_grids");
        Objects.requireNonNull(outdirImg2imgGrids, "outdir_img2img_grids");
    }

    private static void check(int v, int min, int max, String name) {
        if (v < min || v > max) {
            throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ", got " + v);
        }
    }

    /** A1111's defaults. */
    public static OutputSettings defaults() {
        return new Builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public ImageFormat samplesImageFormat() {
        return ImageFormat.fromSetting(samplesFormat, "samples_format");
    }

    public ImageFormat gridImageFormat() {
        return ImageFormat.fromSetting(gridFormat, "grid_format");
    }

    /** Ref: processing.process_images_inner: grid_save, and not a one-picture grid when grid_only_if_multiple. */
    public boolean shouldSaveGrid(int imageCount) {
        return gridSave && imageCount > 0 && !(gridOnlyIfMultiple && imageCount < 2);
    }

    /** The configured folder (relative to the data dir unless absolute) for this kind of output. */
    public String outdir(SaveKind kind, boolean grid) {
        if (grid) {
            if (!outdirGrids.isEmpty()) {
                return outdirGrids;
            }
            return kind == SaveKind.IMG2IMG ? outdirImg2imgGrids : outdirTxt2imgGrids;
        }
        if (!outdirSamples.isEmpty()) {
            return outdirSamples;
        }
        return switch (kind) {
            case TXT2IMG -> outdirTxt2imgSamples;
            case IMG2IMG -> outdirImg2imgSamples;
            case EXTRAS -> outdirExtrasSamples;
        };
    }

    /** Mutable builder starting from A1111's defaults. */
    public static final class Builder {
        private boolean samplesSave = true;
        private String samplesFormat = "png";
        private String samplesFilenamePattern = "";
        private boolean saveImagesAddNumber = true;
        private String saveImagesReplaceAction = "Replace";
        private boolean gridSave = true;
        private String gridFormat = "png";
        private boolean gridExtendedFilename = false;
        private boolean gridOnlyIfMultiple = true;
        private boolean gridPreventEmptySpots = false;
        private int nRows = -1;
        private boolean enablePnginfo = true;
        private boolean saveTxt = false;
        private int jpegQuality = 80;
        private boolean exportForFourChan = true;
        private double imgDownscaleThreshold = 4.0;
        private int targetSideLength = 4000;
        private String outdirSamples = "";
        private String outdirTxt2imgSamples = "outputs/txt2img-images";
        private String outdirImg2imgSamples = "outputs/img2img-images";
        private String outdirExtrasSamples = "outputs/extras-images";
        private String outdirGrids = "";
        private String outdirTxt2imgGrids = "outputs/txt2img-grids";
        private String outdirImg2imgGrids = "outputs/img2img-grids";
        private boolean saveToDirs = true;
        private boolean gridSaveToDirs = true;
        private String directoriesFilenamePattern = "[date]";
        private int directoriesMaxPromptWords = 8;
        private int filenamesMaxLength = 128;
        private boolean unixFilenamesSanitization = false;

        private Builder() {
        }

        /** A builder holding the values of {@code s}. */
        public static Builder from(OutputSettings s) {
            Builder x = new Builder();
            x.samplesSave = s.samplesSave();
            x.samplesFormat = s.samplesFormat();
            x.samplesFilenamePattern = s.samplesFilenamePattern();
            x.saveImagesAddNumber = s.saveImagesAddNumber();
            x.saveImagesReplaceAction = s.saveImagesReplaceAction();
            x.gridSave = s.gridSave();
            x.gridFormat = s.gridFormat();
            x.gridExtendedFilename = s.gridExtendedFilename();
            x.gridOnlyIfMultiple = s.gridOnlyIfMultiple();
            x.gridPreventEmptySpots = s.gridPreventEmptySpots();
            x.nRows = s.nRows();
            x.enablePnginfo = s.enablePnginfo();
            x.saveTxt = s.saveTxt();
            x.jpegQuality = s.jpegQuality();
            x.exportForFourChan = s.exportForFourChan();
            x.imgDownscaleThreshold = s.imgDownscaleThreshold();
            x.targetSideLength = s.targetSideLength();
            x.outdirSamples = s.outdirSamples();
            x.outdirTxt2imgSamples = s.outdirTxt2imgSamples();
            x.outdirImg2imgSamples = s.outdirImg2imgSamples();
            x.outdirExtrasSamples = s.outdirExtrasSamples();
            x.outdirGrids = s.outdirGrids();
            x.outdirTxt2imgGrids = s.outdirTxt2imgGrids();
            x.outdirImg2imgGrids = s.outdirImg2imgGrids();
            x.saveToDirs = s.saveToDirs();
            x.gridSaveToDirs = s.gridSaveToDirs();
            x.directoriesFilenamePattern = s.directoriesFilenamePattern();
            x.directoriesMaxPromptWords = s.directoriesMaxPromptWords();
            x.filenamesMaxLength = s.filenamesMaxLength();
            x.unixFilenamesSanitization = s.unixFilenamesSanitization();
            return x;
        }

        public Builder samplesSave(boolean v) {
            samplesSave = v;
            return this;
        }

        public Builder samplesFormat(String v) {
            samplesFormat = v;
            return this;
        }

        public Builder samplesFilenamePattern(String v) {
            samplesFilenamePattern = v;
            return this;
        }

        public Builder saveImagesAddNumber(boolean v) {
            saveImagesAddNumber = v;
            return this;
        }

        public Builder saveImagesReplaceAction(String v) {
            saveImagesReplaceAction = v;
            return this;
        }

        public Builder gridSave(boolean v) {
            gridSave = v;
            return this;
        }

        public Builder gridFormat(String v) {
            gridFormat = v;
            return this;
        }

        public Builder gridExtendedFilename(boolean v) {
            gridExtendedFilename = v;
            return this;
        }

        public Builder gridOnlyIfMultiple(boolean v) {
            gridOnlyIfMultiple = v;
            return this;
        }

        public Builder gridPreventEmptySpots(boolean v) {
            gridPreventEmptySpots = v;
            return this;
        }

        public Builder nRows(int v) {
            nRows = v;
            return this;
        }

        public Builder enablePnginfo(boolean v) {
            enablePnginfo = v;
            return this;
        }

        public Builder saveTxt(boolean v) {
            saveTxt = v;
            return this;
        }

        public Builder jpegQuality(int v) {
            jpegQuality = v;
            return this;
        }

        public Builder exportForFourChan(boolean v) {
            exportForFourChan = v;
            return this;
        }

        public Builder imgDownscaleThreshold(double v) {
            imgDownscaleThreshold = v;
            return this;
        }

        public Builder targetSideLength(int v) {
            targetSideLength = v;
            return this;
        }

        public Builder outdirSamples(String v) {
            outdirSamples = v;
            return this;
        }

        public Builder outdirTxt2imgSamples(String v) {
            outdirTxt2imgSamples = v;
            return this;
        }

        public Builder outdirImg2imgSamples(String v) {
            outdirImg2imgSamples = v;
            return this;
        }

        public Builder outdirExtrasSamples(String v) {
            outdirExtrasSamples = v;
            return this;
        }

        public Builder outdirGrids(String v) {
            outdirGrids = v;
            return this;
        }

        public Builder outdirTxt2imgGrids(String v) {
            outdirTxt2imgGrids = v;
            return this;
        }

        public Builder outdirImg2imgGrids(String v) {
            outdirImg2imgGrids = v;
            return this;
        }

        public Builder saveToDirs(boolean v) {
            saveToDirs = v;
            return this;
        }

        public Builder gridSaveToDirs(boolean v) {
            gridSaveToDirs = v;
            return this;
        }

        public Builder directoriesFilenamePattern(String v) {
            directoriesFilenamePattern = v;
            return this;
        }

        public Builder directoriesMaxPromptWords(int v) {
            directoriesMaxPromptWords = v;
            return this;
        }

        public Builder filenamesMaxLength(int v) {
            filenamesMaxLength = v;
            return this;
        }

        public Builder unixFilenamesSanitization(boolean v) {
            unixFilenamesSanitization = v;
            return this;
        }

        public OutputSettings build() {
            return new OutputSettings(samplesSave, samplesFormat, samplesFilenamePattern, saveImagesAddNumber,
                    saveImagesReplaceAction, gridSave, gridFormat, gridExtendedFilename, gridOnlyIfMultiple,
                    gridPreventEmptySpots, nRows, enablePnginfo, saveTxt, jpegQuality, exportForFourChan,
                    imgDownscaleThreshold, targetSideLength, outdirSamples, outdirTxt2imgSamples,
                    outdirImg2imgSamples, outdirExtrasSamples, outdirGrids, outdirTxt2imgGrids, outdirImg2imgGrids,
                    saveToDirs, gridSaveToDirs, directoriesFilenamePattern, directoriesMaxPromptWords,
                    filenamesMaxLength, unixFilenamesSanitization);
        }
    }
}
