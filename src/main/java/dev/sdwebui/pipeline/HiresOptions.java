package dev.sdwebui.pipeline;

import java.util.Objects;

/**
 * txt2img "Hires. fix" (A1111 {@code StableDiffusionProcessingTxt2Img} hr_* fields).
 *
 * @param scale             hr_scale, used when both resize values are 0
 * @param resizeX           hr_resize_x (0 = from the other side's aspect, or from the scale)
 * @param upscaler          hr_upscaler: a latent mode ("Latent", "Latent (bicubic)"...) or an image
 *                          upscaler ("Lanczos", "Nearest", "None"); null = setting latent_upscale_default_mode
 * @param secondPassSteps   hr_second_pass_steps, 0 = the first pass's steps
 * @param denoisingStrength the second pass's denoising strength
 * @param samplerName       hr_sampler_name, null/blank = the first pass's sampler
 * @param scheduler         hr_scheduler, null/blank = the first pass's scheduler
 * @param prompt            hr_prompt, "" = the prompt
 * @param negativePrompt    hr_negative_prompt, "" = the negative prompt
 */
public record HiresOptions(double scale, int resizeX, int resizeY, String upscaler, int secondPassSteps,
                           double denoisingStrength, String samplerName, String scheduler, String prompt,
                           String negativePrompt) {

    public HiresOptions {
        prompt = Objects.requireNonNullElse(prompt, "");
        negativePrompt = Objects.requireNonNullElse(negativePrompt, "");
        if (!(scale > 0) || !Double.isFinite(scale)) {
            throw new IllegalArgumentException("hr_scale must be a positive number, got " + scale);
        }
        if (resizeX < 0 || resizeY < 0 || secondPassSteps < 0) {
            throw new IllegalArgumentException("hr_resize_x/y and hr_second_pass_steps must not be negative");
        }
        if (!(denoisingStrength >= 0 && denoisingStrength <= 1)) {
            throw new IllegalArgumentException("denoising_strength must be between 0 and 1, got " + denoisingStrength);
        }
    }

    /** Scale 2 with the default latent upscaler, the API defaults otherwise. */
    public static HiresOptions scale(double scale, String upscaler, double denoising) {
        return new HiresOptions(scale, 0, 0, upscaler, 0, denoising, null, null, "", "");
    }

    /**
     * A1111 {@code calculate_target_resolution}: {upscale_to_x, upscale_to_y, truncate_x, truncate_y}
     * (truncation in latent pixels, when both resize values are given and the aspect differs).
     */
    public int[] target(int width, int height) {
        if (resizeX == 0 && resizeY == 0) {
            return new int[] {(int) (width * scale), (int) (height * scale), 0, 0};
        }
        if (resizeY == 0) {
            return new int[] {resizeX, resizeX * height / width, 0, 0};
        }
        if (resizeX == 0) {
            return new int[] {resizeY * width / height, resizeY, 0, 0};
        }
        double srcRatio = (double) width / height;
        double dstRatio = (double) resizeX / resizeY;
        int x;
        int y;
        if (srcRatio < dstRatio) {
            x = resizeX;
            y = resizeX * height / width;
        } else {
            x = resizeY * width / height;
            y = resizeY;
        }
        return new int[] {x, y, Math.floorDiv(x - resizeX, 8), Math.floorDiv(y - resizeY, 8)};
    }
}
