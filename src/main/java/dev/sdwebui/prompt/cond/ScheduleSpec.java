package dev.sdwebui.prompt.cond;

/**
 * The step numbering for prompt schedules: {@code steps} sampling steps of the pass (A1111 uses the
 * model-evaluation count, e.g. doubled for second-order samplers), {@code hiresSteps} non-null for
 * the hires pass, {@code useOldScheduling} for the pre-1.6 rule.
 */
public record ScheduleSpec(int steps, Integer hiresSteps, boolean useOldScheduling) {
    public ScheduleSpec {
        if (steps < 1 || (hiresSteps != null && hiresSteps < 1)) {
            throw new IllegalArgumentException("steps must be >= 1");
        }
    }

    public static ScheduleSpec of(int steps) {
        return new ScheduleSpec(steps, null, false);
    }
}
