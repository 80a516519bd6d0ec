package dev.sdwebui.sampling.schedule;

/**
 * Resolved inputs of a schedule function.
 *
 * @param sigmaMin  low end (model's sigma_min unless overridden)
 * @param sigmaMax  high end
 * @param rho       rho for Karras/Polyexponential; NaN = the scheduler's default
 * @param model     the model's discrete schedule (needed by Uniform, SGM Uniform, Simple, Normal, DDIM)
 * @param sdxl      picks the SDXL Align-Your-Steps table
 * @param betaAlpha Beta schedule alpha (A1111 default 0.6)
 * @param betaBeta  Beta schedule beta (A1111 default 0.6)
 */
public record ScheduleParams(double sigmaMin, double sigmaMax, double rho, DiscreteSchedule model, boolean sdxl,
                             double betaAlpha, double betaBeta) {

    public ScheduleParams {
        if (!(sigmaMin > 0 && sigmaMax > sigmaMin)) {
            throw new IllegalArgumentException("need 0 < sigma_min < sigma_max, got " + sigmaMin + ", " + sigmaMax);
        }
    }

    /** The model's range and A1111's defaults. */
    public static ScheduleParams forModel(DiscreteSchedule model) {
        return new ScheduleParams(model.sigmaMin(), model.sigmaMax(), Double.NaN, model, false, 0.6, 0.6);
    }

    /** A range without a model (for the model-free schedules). */
    public static ScheduleParams ofRange(double sigmaMin, double sigmaMax) {
        return new ScheduleParams(sigmaMin, sigmaMax, Double.NaN, null, false, 0.6, 0.6);
    }

    public ScheduleParams withRho(double newRho) {
        return new ScheduleParams(sigmaMin, sigmaMax, newRho, model, sdxl, betaAlpha, betaBeta);
    }

    double rhoOr(double fallback) {
        return Double.isNaN(rho) ? fallback : rho;
    }

    DiscreteSchedule requireModel(Scheduler s) {
        if (model == null) {
            throw new IllegalStateException("the " + s.label() + " schedule needs the model's sigma table");
        }
        return model;
    }
}
