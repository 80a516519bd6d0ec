package dev.sdwebui.api;

import java.util.ArrayList;
import java.util.List;

/**
 * Range checks on a txt2img/img2img body, run before any image is decoded or tensor allocated: an out-of-range
 * value is a 422 in FastAPI's {@code detail} form naming the field (pydantic v1's {@code value_error.number.not_le}
 * / {@code not_ge}), never a 500 from libtorch (e.g. {@code width: 100000}).
 *
 * <p>A1111's API declares no such bounds; the limits here are far above what its UI offers and what fits in memory,
 * so no real request hits them: the UI's sliders stop at 2048 px (8192 px is 16x the pixels of that, and the
 * latent of a single 8192x8192 image already needs attention over 1 M tokens), 8 images per batch (64 here) and
 * 150 steps (10000 here: past the model's 1000 training timesteps more steps only repeat them, but a long job
 * is still a valid, interruptible request, and clients use thousands of steps to get one).
 * {@code n_iter} is bounded by {@code --max-batch-count} in the pipeline, as in A1111.
 */
final class RequestBounds {

    static final int MAX_SIDE = 8192;
    static final int MAX_BATCH_SIZE = 64;
    static final int MAX_STEPS = 10_000;

    private RequestBounds() {
    }

    /** @throws ApiValidationException 422 listing every field out of range */
    static void check(Txt2ImgRequest raw) {
        Txt2ImgRequest r = raw.withDefaults();
        List<ApiValidationException.Item> errors = new ArrayList<>();
        range(errors, "width", r.width(), 1, MAX_SIDE);
        range(errors, "height", r.height(), 1, MAX_SIDE);
        range(errors, "batch_size", r.batchSize(), 1, MAX_BATCH_SIZE);
        range(errors, "n_iter", r.nIter(), 1, Integer.MAX_VALUE);
        range(errors, "steps", r.steps(), 1, MAX_STEPS);
        if (Boolean.TRUE.equals(r.enableHr())) {
            hires(errors, r);
        }
        if (!errors.isEmpty()) {
            throw new ApiValidationException(errors, null);
        }
    }

    /** The hires pass's target size (hr_resize_x/y, else width/height times hr_scale) and its steps. */
    private static void hires(List<ApiValidationException.Item> errors, Txt2ImgRequest r) {
        range(errors, "hr_resize_x", r.hrResizeX(), 0, MAX_SIDE);
        range(errors, "hr_resize_y", r.hrResizeY(), 0, MAX_SIDE);
        range(errors, "hr_second_pass_steps", r.hrSecondPassSteps(), 0, MAX_STEPS);
        if (r.hrResizeX() == 0 && r.hrResizeY() == 0) {
            double scale = r.hrScale();
            double longest = Math.max(r.width(), r.height()) * scale;
            if (!Double.isFinite(scale) || scale <= 0 || longest > MAX_SIDE) {
                errors.add(new ApiValidationException.Item(List.of("body", "hr_scale"),
                        "hr_scale " + scale + " makes the hires pass larger than " + MAX_SIDE + " px",
                        "value_error.number.not_le"));
            }
        }
    }

    private static void range(List<ApiValidationException.Item> errors, String field, int value, int lo, int hi) {
        if (value < lo) {
            errors.add(new ApiValidationException.Item(List.of("body", field),
                    field + ": ensure this value is greater than or equal to " + lo + " (got " + value + ")",
                    "value_error.number.not_ge"));
        } else if (value > hi) {
            errors.add(new ApiValidationException.Item(List.of("body", field),
                    field + ": ensure this value is less than or equal to " + hi + " (got " + value + ")",
                    "value_error.number.not_le"));
        }
    }
}
