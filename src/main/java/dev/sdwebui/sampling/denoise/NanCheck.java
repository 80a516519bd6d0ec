package dev.sdwebui.sampling.denoise;

import ai.djl.ndarray.NDArray;

/** The NaN check on the network output (A1111 {@code devices.test_for_nans(x, "unet")}). */
@FunctionalInterface
public interface NanCheck {

    void check(NDArray unetOutput);

    /** {@code --disable-nan-check}. */
    static NanCheck disabled() {
        return out -> { };
    }

    /**
     * A1111's check: fails only when every value is NaN, with A1111's message.
     *
     * @param noHalf whether {@code --no-half} is in effect (drops the half-precision hint)
     */
    static NanCheck a1111(boolean noHalf) {
        return out -> {
            boolean allNan;
            try (NDArray nan = out.isNaN(); NDArray all = nan.all()) {
                allNan = all.getBoolean();
            }
            if (!allNan) {
                return;
            }
            String message = "A tensor with all NaNs was produced in Unet.";
            if (!noHalf) {
                message += " This could be either because there's not enough precision to represent the picture,"
                        + " or because your video card does not support half type. Try setting the \"Upcast cross"
                        + " attention layer to float32\" option in Settings > Stable Diffusion or using the"
                        + " --no-half commandline argument to fix this.";
            }
            message += " Use --disable-nan-check commandline argument to disable this check.";
            throw new NansException(message);
        };
    }
}
