package dev.sdwebui.device;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * A1111's cross-attention optimizations, with the names of the setting
 * {@code cross_attention_optimization}, the launch flag that prefers each, and the priorities of
 * "Automatic". Ref: modules/sd_hijack_optimizations.py list_optimizers / SdOptimization subclasses:
 * xformers 100, Doggettx 90, sdp-no-mem 80, sdp 70, sub-quadratic 10 (1000 on MPS), V1 10,
 * InvokeAI 10 (1000 when neither CUDA nor MPS is available).
 */
public enum AttentionMode {
    XFORMERS("xformers", "xformers", "xformers", 100),
    DOGGETTX("Doggettx", "Doggettx", "opt-split-attention", 90),
    SDP_NO_MEM("SDP-no-mem", "SDP-no-mem", "opt-sdp-no-mem-attention", 80),
    SDP("SDP", "SDP", "opt-sdp-attention", 70),
    SUB_QUADRATIC("sub-quadratic", "sub-quad", "opt-sub-quad-attention", 10),
    V1("V1", "v1", "opt-split-attention-v1", 10),
    INVOKEAI("InvokeAI", "InvokeAI", "opt-split-attention-invokeai", 10),
    NONE("None", "none", "disable-opt-split-attention", 0);

    /** The setting value meaning "choose by flags and device". */
    public static final String AUTOMATIC = "Automatic";

    private final String title;
    private final String benchLabel;
    private final String flag;
    private final int priority;

    AttentionMode(String title, String benchLabel, String flag, int priority) {
        this.title = title;
        this.benchLabel = benchLabel;
        this.flag = flag;
        this.priority = priority;
    }

    /** The name in A1111's settings dropdown. */
    public String title() {
        return title;
    }

    /** The row label of the seed's table ("none", "v1", "sub-quad"...). */
    public String benchLabel() {
        return benchLabel;
    }

    /** The launch flag (without dashes) that makes "Automatic" prefer this mode. */
    public String flag() {
        return flag;
    }

    /** The "Automatic" priority on this device (A1111's numbers; InvokeAI wins on CPU). */
    public int priority(boolean cuda) {
        return this == INVOKEAI && !cuda ? 1000 : priority;
    }

    /** By setting title, bench label or enum name, case-insensitively ("SDP", "sdp", "sub-quad", "sdp_no_mem"). */
    public static Optional<AttentionMode> parse(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String lower = name.trim().toLowerCase(Locale.ROOT);
        int dash = lower.indexOf(" - "); // A1111 titles: "sdp - scaled dot product", "V1 - original v1"
        String n = dash > 0 ? lower.substring(0, dash) : lower;
        return Arrays.stream(values()).filter(m -> m.title.toLowerCase(Locale.ROOT).equals(n)
                || m.benchLabel.toLowerCase(Locale.ROOT).equals(n) || m.name().toLowerCase(Locale.ROOT).equals(n)
                || (m == SDP && n.equals("sdpa")) || (m == NONE && n.equals("plain"))).findFirst();
    }
}
