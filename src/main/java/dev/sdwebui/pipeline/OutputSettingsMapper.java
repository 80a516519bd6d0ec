package dev.sdwebui.pipeline;

import dev.sdwebui.output.OutputSettings;

/** A job's settings to the output package's record (the output package does not read settings). */
final class OutputSettingsMapper {

    private OutputSettingsMapper() {
    }

    static OutputSettings from(JobSettings s) {
        OutputSettings d = OutputSettings.defaults();
        return OutputSettings.builder()
                .samplesSave(s.bool("samples_save", d.samplesSave()))
                .samplesFormat(s.text("samples_format", d.samplesFormat()))
                .samplesFilenamePattern(s.text("samples_filename_pattern", d.samplesFilenamePattern()))
                .saveImagesAddNumber(s.bool("save_images_add_number", d.saveImagesAddNumber()))
                .saveImagesReplaceAction(s.text("save_images_replace_action", d.saveImagesReplaceAction()))
                .gridSave(s.bool("grid_save", d.gridSave()))
                .gridFormat(s.text("grid_format", d.gridFormat()))
                .gridExtendedFilename(s.bool("grid_extended_filename", d.gridExtendedFilename()))
                .gridOnlyIfMultiple(s.bool("grid_only_if_multiple", d.gridOnlyIfMultiple()))
                .gridPreventEmptySpots(s.bool("grid_prevent_empty_spots", d.gridPreventEmptySpots()))
                .nRows(s.integer("n_rows", d.nRows()))
                .enablePnginfo(s.bool("enable_pnginfo", d.enablePnginfo()))
                .saveTxt(s.bool("save_txt", d.saveTxt()))
                .jpegQuality(s.integer("jpeg_quality", d.jpegQuality()))
                .exportForFourChan(s.bool("export_for_4chan", d.exportForFourChan()))
                .imgDownscaleThreshold(s.number("img_downscale_threshold", d.imgDownscaleThreshold()))
                .targetSideLength((int) s.number("target_side_length", d.targetSideLength()))
                .outdirSamples(s.text("outdir_samples", d.outdirSamples()))
                .outdirTxt2imgSamples(s.text("outdir_txt2img_samples", d.outdirTxt2imgSamples()))
                .outdirImg2imgSamples(s.text("outdir_img2img_samples", d.outdirImg2imgSamples()))
                .outdirExtrasSamples(s.text("outdir_extras_samples", d.outdirExtrasSamples()))
                .outdirGrids(s.text("outdir_grids", d.outdirGrids()))
                .outdirTxt2imgGrids(s.text("outdir_txt2img_grids", d.outdirTxt2imgGrids()))
                .outdirImg2imgGrids(s.text("outdir_img2img_grids", d.outdirImg2imgGrids()))
                .saveToDirs(s.bool("save_to_dirs", d.saveToDirs()))
                .gridSaveToDirs(s.bool("grid_save_to_dirs", d.gridSaveToDirs()))
                .directoriesFilenamePattern(s.text("directories_filename_pattern", d.directoriesFilenamePattern()))
                .directoriesMaxPromptWords(s.integer("directories_max_prompt_words", d.directoriesMaxPromptWords()))
                .filenamesMaxLength(s.integer("filenames_max_length", d.filenamesMaxLength()))
                .unixFilenamesSanitization(s.bool("unix_filenames_sanitization", d.unixFilenamesSanitization()))
                .build();
    }
}
