package dev.sdwebui.nn.attention;

import ai.djl.ndarray.NDArray;
import dev.sdwebui.device.AttentionMode;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Delegates each call to the backend of the mode the supplier names now, so that changing the
 * setting {@code cross_attention_optimization} takes effect at the next UNet call without reloading
 * the model (A1111 re-applies its hijack on the same model). Backends are built once per mode.
 */
public final class SwitchableAttention implements AttentionBackend {

    private final Supplier<AttentionMode> mode;
    private final Function<AttentionMode, AttentionBackend> factory;
    private final Map<AttentionMode, AttentionBackend> built = new ConcurrentHashMap<>();

    public SwitchableAttention(Supplier<AttentionMode> mode, Function<AttentionMode, AttentionBackend> factory) {
        this.mode = mode;
        this.factory = factory;
    }

    /** The backend the next call will use. */
    public AttentionBackend current() {
        return built.computeIfAbsent(mode.get(), factory);
    }

    @Override
    public NDArray attend(NDArray q, NDArray k, NDArray v, int heads, boolean causal) {
        return current().attend(q, k, v, heads, causal);
    }

    @Override
    public String name() {
        return current().name();
    }
}
