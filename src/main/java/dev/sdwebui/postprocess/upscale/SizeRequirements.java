package dev.sdwebui.postprocess.upscale;

/**
 * Ref: spandrel __helpers/size_req.py {@code SizeRequirements}: the smallest side and a multiple every
 * side must be; {@code minimum} is rounded up to a multiple at construction.
 */
record SizeRequirements(int minimum, int multipleOf) {

    static final SizeRequirements NONE = new SizeRequirements(0, 1);

    SizeRequirements {
        if (minimum < 0 || multipleOf < 1) {
            throw new IllegalArgumentException("bad size requirements " + minimum + "/" + multipleOf);
        }
        if (minimum % multipleOf != 0) {
            minimum = (minimum / multipleOf + 1) * multipleOf;
        }
    }

    /** {@code get_padding}: {pad_w, pad_h} to reach the minimum, then the multiple. */
    int[] padding(int width, int height) {
        int w = ceilTo(Math.max(minimum, width));
        int h = ceilTo(Math.max(minimum, height));
        return new int[] {w - width, h - height};
    }

    private int ceilTo(int x) {
        return x % multipleOf == 0 ? x : (x / multipleOf + 1) * multipleOf;
    }
}
