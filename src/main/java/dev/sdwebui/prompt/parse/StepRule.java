package dev.sdwebui.prompt.parse;

/**
 * How a {@code when} number of {@code [from:to:when]} becomes a step.
 *
 * <p>Ref: A1111 prompt_parser.py {@code get_learned_conditioning_prompt_schedules.collect_steps}:
 * v1.6+ rule: a number containing {@code .} is a fraction {@code int((v - fltOffset) * steps)}, an
 * integer is an absolute step {@code int(v - intOffset)}; for the hires pass the offsets are
 * {@code intOffset = baseSteps}, {@code fltOffset = 1.0} and steps = hires steps. Old rule
 * ({@code use_old_scheduling}): {@code v < 1} is a fraction, else absolute. Clamped to {@code steps}.
 */
record StepRule(int steps, int intOffset, double fltOffset, boolean old) {

    static StepRule of(int baseSteps, Integer hiresSteps, boolean useOldScheduling) {
        if (hiresSteps == null || useOldScheduling) {
            return new StepRule(baseSteps, 0, 0.0, useOldScheduling);
        }
        return new StepRule(hiresSteps, baseSteps, 1.0, false);
    }

    int resolve(String number) {
        double v = Double.parseDouble(number);
        if (old) {
            v = v < 1 ? v * steps : v;
        } else if (number.contains(".")) {
            v = (v - fltOffset) * steps;
        } else {
            v = v - intOffset;
        }
        return (int) Math.min(steps, truncate(v));
    }

    /** Python {@code int(float)}: truncation toward zero, saturated to the int range. */
    private static long truncate(double v) {
        if (Double.isNaN(v)) {
            return 0;
        }
        return (long) v;
    }
}
