package dev.sdwebui.config.settings;

import static dev.sdwebui.config.settings.SettingKey.bool;
import static dev.sdwebui.config.settings.SettingKey.integer;
import static dev.sdwebui.config.settings.SettingKey.list;
import static dev.sdwebui.config.settings.SettingKey.number;
import static dev.sdwebui.config.settings.SettingKey.path;
import static dev.sdwebui.config.settings.SettingKey.text;

import java.util.ArrayList;
import java.util.List;

/**
 * A1111's settings with their keys, sections and defaults (v1.10 {@code modules/shared_options.py}), for
 * the sections this project uses. Typed handles for the keys other packages read are constants here.
 */
public final class A1111Settings {

    // Stable Diffusion
    public static final SettingKey<String> SD_MODEL_CHECKPOINT = new SettingKey<>("sd_model_checkpoint", "sd", "Stable Diffusion checkpoint", String.class, null, false);
    public static final SettingKey<String> SD_CHECKPOINT_HASH = text("sd", "sd_checkpoint_hash", "", "SHA256 hash of the current checkpoint");
    public static final SettingKey<Integer> SD_CHECKPOINTS_LIMIT = integer("sd", "sd_checkpoints_limit", 1, "Maximum number of checkpoints loaded at the same time");
    public static final SettingKey<Integer> CLIP_STOP_AT_LAST_LAYERS = integer("sd", "CLIP_stop_at_last_layers", 1, "Clip skip");
    public static final SettingKey<String> EMPHASIS = text("sd", "emphasis", "Original", "Emphasis mode");
    public static final SettingKey<Integer> COMMA_PADDING_BACKTRACK = integer("sd", "comma_padding_backtrack", 20, "Prompt word wrap length limit");
    public static final SettingKey<Boolean> ENABLE_BATCH_SEEDS = bool("sd", "enable_batch_seeds", true, "Make K-diffusion samplers produce same images in a batch as when making a single image");
    public static final SettingKey<String> RANDN_SOURCE = text("sd", "randn_source", "GPU", "Random number generator source (GPU, CPU, NV)");
    public static final SettingKey<Boolean> TILING = bool("sd", "tiling", false, "Tiling");
    public static final SettingKey<Boolean> UPCAST_ATTN = bool("sd", "upcast_attn", false, "Upcast cross attention layer to float32");
    // VAE
    public static final SettingKey<String> SD_VAE = text("sd_vae", "sd_vae", "Automatic", "SD VAE");
    public static final SettingKey<Boolean> SD_VAE_OVERRIDES_PER_MODEL = bool("sd_vae", "sd_vae_overrides_per_model_preferences", true, "Selected VAE overrides per-model preferences");
    public static final SettingKey<String> SD_VAE_ENCODE_METHOD = text("sd_vae", "sd_vae_encode_method", "Full", "VAE type for encode");
    public static final SettingKey<String> SD_VAE_DECODE_METHOD = text("sd_vae", "sd_vae_decode_method", "Full", "VAE type for decode");
    // Sampler parameters
    public static final SettingKey<Double> ETA_DDIM = number("sampler-params", "eta_ddim", 0.0, "Eta for DDIM");
    public static final SettingKey<Double> ETA_ANCESTRAL = number("sampler-params", "eta_ancestral", 1.0, "Eta for k-diffusion samplers");
    public static final SettingKey<Double> S_CHURN = number("sampler-params", "s_churn", 0.0, "sigma churn");
    public static final SettingKey<Double> S_TMIN = number("sampler-params", "s_tmin", 0.0, "sigma tmin");
    public static final SettingKey<Double> S_TMAX = number("sampler-params", "s_tmax", 0.0, "sigma tmax");
    public static final SettingKey<Double> S_NOISE = number("sampler-params", "s_noise", 1.0, "sigma noise");
    public static final SettingKey<Double> SIGMA_MIN = number("sampler-params", "sigma_min", 0.0, "sigma min");
    public static final SettingKey<Double> SIGMA_MAX = number("sampler-params", "sigma_max", 0.0, "sigma max");
    public static final SettingKey<Double> RHO = number("sampler-params", "rho", 0.0, "rho");
    public static final SettingKey<Integer> ETA_NOISE_SEED_DELTA = integer("sampler-params", "eta_noise_seed_delta", 0, "Eta noise seed delta");
    public static final SettingKey<Boolean> ALWAYS_DISCARD_NEXT_TO_LAST_SIGMA = bool("sampler-params", "always_discard_next_to_last_sigma", false, "Always discard next-to-last sigma");
    public static final SettingKey<Boolean> SGM_NOISE_MULTIPLIER = bool("sampler-params", "sgm_noise_multiplier", false, "SGM noise multiplier");
    // Stable Diffusion XL (Ref: A1111 shared_options.py section "sdxl", and sd's sdxl_clip_l_skip)
    public static final SettingKey<Integer> SDXL_CROP_TOP = integer("sdxl", "sdxl_crop_top", 0, "crop top coordinate");
    public static final SettingKey<Integer> SDXL_CROP_LEFT = integer("sdxl", "sdxl_crop_left", 0, "crop left coordinate");
    public static final SettingKey<Double> SDXL_REFINER_LOW_AESTHETIC_SCORE = number("sdxl", "sdxl_refiner_low_aesthetic_score", 2.5, "SDXL low aesthetic score");
    public static final SettingKey<Double> SDXL_REFINER_HIGH_AESTHETIC_SCORE = number("sdxl", "sdxl_refiner_high_aesthetic_score", 6.0, "SDXL high aesthetic score");
    public static final SettingKey<Boolean> SDXL_CLIP_L_SKIP = bool("sd", "sdxl_clip_l_skip", false, "Clip skip SDXL");
    // Live previews
    public static final SettingKey<Integer> SHOW_PROGRESS_EVERY_N_STEPS = integer("ui", "show_progress_every_n_steps", 10, "Live preview display period");
    public static final SettingKey<String> SHOW_PROGRESS_TYPE = text("ui", "show_progress_type", "Approx NN", "Live preview method (Full, Approx NN, Approx cheap, TAESD)");
    public static final SettingKey<String> LIVE_PREVIEW_CONTENT = text("ui", "live_preview_content", "Prompt", "Live preview subject");
    // User interface
    public static final SettingKey<List<String>> QUICKSETTINGS_LIST = list("ui", "quicksettings_list", List.of("sd_model_checkpoint"), "Quicksettings list");

    private A1111Settings() {
    }

    /** Every built-in key, section by section, in A1111's order. */
    public static List<SettingKey<?>> all() {
        List<SettingKey<?>> k = new ArrayList<>();
        savingImages(k);
        savingPaths(k);
        k.addAll(List.of(SD_MODEL_CHECKPOINT, SD_CHECKPOINTS_LIMIT,
                bool("sd", "sd_checkpoints_keep_in_cpu", true, "Only keep one model on device"),
                integer("sd", "sd_checkpoint_cache", 0, "Checkpoints to cache in RAM"),
                text("sd", "sd_unet", "Automatic", "SD Unet"),
                bool("sd", "enable_quantization", false, "Enable quantization in K samplers"),
                EMPHASIS, ENABLE_BATCH_SEEDS, COMMA_PADDING_BACKTRACK, CLIP_STOP_AT_LAST_LAYERS, UPCAST_ATTN,
                RANDN_SOURCE, TILING, text("sd", "hires_fix_refiner_pass", "second pass", "Hires fix: which pass to enable refiner for"),
                SD_CHECKPOINT_HASH));
        k.addAll(List.of(integer("sd_vae", "sd_vae_checkpoint_cache", 0, "VAE Checkpoints to cache in RAM"), SD_VAE,
                SD_VAE_OVERRIDES_PER_MODEL, bool("sd_vae", "auto_vae_precision_bfloat16", false, "Automatically convert VAE to bfloat16"),
                bool("sd_vae", "auto_vae_precision", true, "Automatically revert VAE to 32-bit floats"),
                SD_VAE_ENCODE_METHOD, SD_VAE_DECODE_METHOD));
        k.addAll(List.of(SDXL_CROP_TOP, SDXL_CROP_LEFT, SDXL_REFINER_LOW_AESTHETIC_SCORE,
                SDXL_REFINER_HIGH_AESTHETIC_SCORE, SDXL_CLIP_L_SKIP));
        img2img(k);
        optimizations(k);
        samplerParams(k);
        ui(k);
        extraNetworks(k);
        return List.copyOf(k);
    }

    /**
     * Prompt comments (Ref: A1111 processing_scripts/comments.py) and section "extra_networks" (Ref:
     * shared_options.py, and the built-in Lora extension's scripts/lora_script.py, always loaded).
     */
    private static void extraNetworks(List<SettingKey<?>> k) {
        String s = "extra_networks";
        k.addAll(List.of(bool("sd", "enable_prompt_comments", true, "Enable comments"),
                number(s, "extra_networks_default_multiplier", 1.0, "Default multiplier for extra networks"),
                bool(s, "extra_networks_card_show_desc", true, "Show description on card"),
                text(s, "extra_networks_card_order_field", "Path", "Default order field for Extra Networks cards"),
                text(s, "extra_networks_card_order", "Ascending", "Default order for Extra Networks cards"),
                text(s, "extra_networks_add_text_separator", " ", "Extra networks separator"),
                bool(s, "lora_add_hashes_to_infotext", true, "Add Lora hashes to infotext")));
    }

    private static void savingImages(List<SettingKey<?>> k) {
        String s = "saving-images";
        k.addAll(List.of(bool(s, "samples_save", true, "Always save all generated images"),
                text(s, "samples_format", "png", "File format for images"),
                path(s, "samples_filename_pattern", "", "Images filename pattern"),
                bool(s, "save_images_add_number", true, "Add number to filename when saving"),
                text(s, "save_images_replace_action", "Replace", "Saving the image to an existing file"),
                bool(s, "grid_save", true, "Always save all generated image grids"),
                text(s, "grid_format", "png", "File format for grids"),
                bool(s, "grid_extended_filename", false, "Add extended info (seed, prompt) to filename when saving grid"),
                bool(s, "grid_only_if_multiple", true, "Do not save grids consisting of one picture"),
                bool(s, "grid_prevent_empty_spots", false, "Prevent empty spots in grid (when set to autodetect)"),
                path(s, "grid_zip_filename_pattern", "", "Archive filename pattern"),
                integer(s, "n_rows", -1, "Grid row count; use -1 for autodetect and 0 for it to be same as batch size"),
                text(s, "font", "", "Font for image grids that have text"),
                bool(s, "save_images_before_face_restoration", false, "Save a copy of image before doing face restoration."),
                bool(s, "save_images_before_highres_fix", false, "Save a copy of image before applying highres fix."),
                bool(s, "save_images_before_color_correction", false, "Save a copy of image before applying color correction to img2img results"),
                bool(s, "save_mask", false, "For inpainting, save a copy of the greyscale mask"),
                bool(s, "save_mask_composite", false, "For inpainting, save a masked composite"),
                integer(s, "jpeg_quality", 80, "Quality for saved jpeg and avif images"),
                bool(s, "webp_lossless", false, "Use lossless compression for webp images"),
                bool(s, "export_for_4chan", true, "Save copy of large images as JPG"),
                number(s, "img_downscale_threshold", 4.0, "File size limit for the above option, MB"),
                number(s, "target_side_length", 4000.0, "Width/height limit for the above option, in pixels"),
                number(s, "img_max_size_mp", 200.0, "Maximum image size, in megapixels"),
                bool(s, "use_original_name_batch", true, "Use original name for output filename during batch process in extras tab"),
                bool(s, "save_selected_only", true, "When using 'Save' button, only save a single selected image"),
                bool(s, "save_init_img", false, "Save init images when using img2img"),
                path(s, "temp_dir", "", "Directory for temporary images; leave empty for default"),
                new SettingKey<>("clean_temp_dir_at_start", s, "Cleanup non-default temporary directory when starting webui", Boolean.class, false, true),
                bool(s, "save_incomplete_images", false, "Save incomplete images")));
    }

    private static void savingPaths(List<SettingKey<?>> k) {
        String s = "saving-paths";
        k.addAll(List.of(path(s, "outdir_samples", "", "Output directory for images; if empty, defaults to three directories below"),
                path(s, "outdir_txt2img_samples", "outputs/txt2img-images", "Output directory for txt2img images"),
                path(s, "outdir_img2img_samples", "outputs/img2img-images", "Output directory for img2img images"),
                path(s, "outdir_extras_samples", "outputs/extras-images", "Output directory for images from extras tab"),
                path(s, "outdir_grids", "", "Output directory for grids; if empty, defaults to two directories below"),
                path(s, "outdir_txt2img_grids", "outputs/txt2img-grids", "Output directory for txt2img grids"),
                path(s, "outdir_img2img_grids", "outputs/img2img-grids", "Output directory for img2img grids"),
                path(s, "outdir_save", "log/images", "Directory for saving images using the Save button"),
                path(s, "outdir_init_images", "outputs/init-images", "Directory for saving init images when using img2img"),
                bool("saving-to-dirs", "save_to_dirs", true, "Save images to a subdirectory"),
                bool("saving-to-dirs", "grid_save_to_dirs", true, "Save grids to a subdirectory"),
                bool("saving-to-dirs", "use_save_to_dirs_for_ui", false, "When using \"Save\" button, save images to a subdirectory"),
                path("saving-to-dirs", "directories_filename_pattern", "[date]", "Directory name pattern"),
                integer("saving-to-dirs", "directories_max_prompt_words", 8, "Max prompt words for [prompt_words] pattern")));
    }

    private static void img2img(List<SettingKey<?>> k) {
        String s = "img2img";
        k.addAll(List.of(number(s, "inpainting_mask_weight", 1.0, "Inpainting conditioning mask strength"),
                number(s, "initial_noise_multiplier", 1.0, "Noise multiplier for img2img"),
                number(s, "img2img_extra_noise", 0.0, "Extra noise multiplier for img2img and hires fix"),
                bool(s, "img2img_color_correction", false, "Apply color correction to img2img results to match original colors."),
                bool(s, "img2img_fix_steps", false, "With img2img, do exactly the amount of steps the slider specifies."),
                text(s, "img2img_background_color", "#ffffff", "With img2img, fill transparent parts of the input image with this color."),
                bool(s, "return_mask", false, "For inpainting, include the greyscale mask in results for web"),
                bool(s, "return_mask_composite", false, "For inpainting, include masked composite in results for web"),
                bool(s, "overlay_inpaint", true, "Overlay original for inpaint")));
    }

    private static void optimizations(List<SettingKey<?>> k) {
        String s = "optimizations";
        k.addAll(List.of(text(s, "cross_attention_optimization", "Automatic", "Cross attention optimization"),
                number(s, "s_min_uncond", 0.0, "Negative Guidance minimum sigma"),
                number(s, "token_merging_ratio", 0.0, "Token merging ratio"),
                number(s, "token_merging_ratio_img2img", 0.0, "Token merging ratio for img2img"),
                number(s, "token_merging_ratio_hr", 0.0, "Token merging ratio for high-res pass"),
                bool(s, "pad_cond_uncond", false, "Pad prompt/negative prompt"),
                bool(s, "pad_cond_uncond_v0", false, "Pad prompt/negative prompt (v0)"),
                bool(s, "persistent_cond_cache", true, "Persistent cond cache"),
                bool(s, "batch_cond_uncond", true, "Batch cond/uncond"),
                text(s, "fp8_storage", "Disable", "FP8 weight")));
    }

    private static void samplerParams(List<SettingKey<?>> k) {
        String s = "sampler-params";
        k.addAll(List.of(list(s, "hide_samplers", List.of(), "Hide samplers in user interface"),
                ETA_DDIM, ETA_ANCESTRAL, text(s, "ddim_discretize", "uniform", "img2img DDIM discretize"),
                S_CHURN, S_TMIN, S_TMAX, S_NOISE, SIGMA_MIN, SIGMA_MAX, RHO, ETA_NOISE_SEED_DELTA,
                ALWAYS_DISCARD_NEXT_TO_LAST_SIGMA, SGM_NOISE_MULTIPLIER,
                text(s, "uni_pc_variant", "bh1", "UniPC variant"),
                text(s, "uni_pc_skip_type", "time_uniform", "UniPC skip type"),
                integer(s, "uni_pc_order", 3, "UniPC order"),
                bool(s, "uni_pc_lower_order_final", true, "UniPC lower order final"),
                text(s, "sd_noise_schedule", "Default", "Noise schedule for sampling"),
                number(s, "skip_early_cond", 0.0, "Ignore negative prompt during early sampling"),
                number(s, "beta_dist_alpha", 0.6, "Beta scheduler - alpha"),
                number(s, "beta_dist_beta", 0.6, "Beta scheduler - beta")));
    }

    private static void ui(List<SettingKey<?>> k) {
        String s = "ui";
        k.addAll(List.of(bool(s, "show_progressbar", true, "Show progressbar"),
                bool(s, "live_previews_enable", true, "Show live previews of the created image"),
                text(s, "live_previews_image_format", "png", "Live preview file format"),
                bool(s, "show_progress_grid", true, "Show previews of all images generated in a batch as a grid"),
                SHOW_PROGRESS_EVERY_N_STEPS, SHOW_PROGRESS_TYPE,
                bool(s, "live_preview_allow_lowvram_full", false, "Allow Full live preview method with lowvram/medvram"),
                LIVE_PREVIEW_CONTENT,
                number(s, "live_preview_refresh_period", 1000.0, "Progressbar and preview update period (ms)"),
                bool(s, "live_preview_fast_interrupt", false, "Return image with chosen live preview method on interrupt"),
                text(s, "localization", "None", "Localization"),
                QUICKSETTINGS_LIST,
                list(s, "ui_tab_order", List.of(), "UI tab order"),
                list(s, "hidden_tabs", List.of(), "Hidden UI tabs"),
                text(s, "gradio_theme", "Default", "Gradio theme"),
                bool(s, "show_progress_in_title", true, "Show generation progress in window title."),
                bool(s, "send_seed", true, "Send seed when sending prompt or image to other interface"),
                bool(s, "send_size", true, "Send size when sending prompt or image to another interface"),
                bool(s, "samplers_in_dropdown", true, "Use dropdown for sampler selection instead of radio group"),
                bool(s, "dimensions_and_batch_together", true, "Show Width/Height and Batch sliders in same row"),
                bool(s, "sd_checkpoint_dropdown_use_short", false, "Checkpoint dropdown: use filenames without paths"),
                bool(s, "add_model_hash_to_info", true, "Add model hash to infotext"),
                bool(s, "add_model_name_to_info", true, "Add model name to infotext"),
                bool(s, "add_user_name_to_info", false, "Add user name to infotext when authenticated"),
                bool(s, "add_version_to_infotext", true, "Add program version to infotext"),
                bool(s, "return_grid", true, "Show grid in gallery"),
                bool(s, "js_modal_lightbox", true, "Full page image viewer: enable"),
                text(s, "auto_launch_browser", "Local", "Automatically open webui in browser on startup"),
                bool(s, "api_enable_requests", true, "Allow http:// and https:// URLs for input images in API"),
                bool(s, "api_forbid_local_requests", true, "Forbid URLs to local resources"),
                text(s, "disable_all_extensions", "none", "Disable all extensions (preserves the list of enabled extensions)")));
    }
}
