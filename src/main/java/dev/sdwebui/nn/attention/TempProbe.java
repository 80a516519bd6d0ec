package dev.sdwebui.nn.attention;

import ai.djl.ndarray.types.Shape;

/**
 * Observes the largest temporaries a backend allocates (the attention-score slices), so tests and
 * benchmarks can check that a split or chunked backend really bounds its memory by its settings.
 * Production code passes {@link #NONE}.
 */
@FunctionalInterface
public interface TempProbe {

    /** No observation (the default). */
    TempProbe NONE = (what, shape) -> { };

    /**
     * @param what  a label ("scores", "exp_weights", ...)
     * @param shape the temporary's shape (fp32 elements)
     */
    void allocated(String what, Shape shape);
}
