package dev.sdwebui.postprocess.upscale;

import ai.djl.ndarray.NDArray;

/**
 * An image-to-image network read from an upscaler file (spandrel's {@code ImageModelDescriptor}).
 * Inputs and outputs are BGR float images in [0, 1] (A1111 feeds every model BGR), batch 1.
 */
interface UpscaleNet {

    /** spandrel's architecture id: ESRGAN, Compact, SwinIR, SCUNet. */
    String architecture();

    /** Output size / input size. */
    int scale();

    /** What spandrel pads the input to before the call. */
    SizeRequirements sizeRequirements();

    /** x: [1, 3, H, W] -> [1, 3, H * scale, W * scale], not clamped. Temporaries are freed. */
    NDArray forward(NDArray x);

    /** Frees the weights. */
    void close();
}
