package dev.sdwebui.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.function.Supplier;

/**
 * Runs a computation in a sub-manager of {@code anchor}'s manager: temporaries die when it
 * returns, the result is attached to the anchor's manager, and the inputs go back to theirs.
 */
public final class Scopes {

    private Scopes() {
    }

    /** {@code body} runs after {@code inputs} were temporarily attached to the scope. */
    public static NDArray scoped(NDArray anchor, Supplier<NDArray> body, NDArray... inputs) {
        NDManager parent = anchor.getManager();
        try (NDManager scope = parent.newSubManager()) {
            anchor.tempAttach(scope);
            for (NDArray in : inputs) {
                if (in != null && in != anchor) {
                    in.tempAttach(scope);
                }
            }
            NDArray out = body.get();
            out.attach(parent);
            return out;
        }
    }
}
