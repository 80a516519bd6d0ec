package dev.sdwebui.sampling.schedule;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A1111's {@code KDiffusionSampler.get_sigmas}: resolves "Automatic" to the sampler's default
 * scheduler (or the model's own Uniform schedule), applies the sigma_min/sigma_max/rho settings,
 * and discards the penultimate sigma when the sampler or the settings ask for it.
 */
public final class SigmaPlanner {

    private SigmaPlanner() {
    }

    /**
     * @param requested        the user's scheduler (AUTOMATIC allowed)
     * @param samplerDefault   the sampler's {@code options['scheduler']}, or null
     * @param discardPenultimate the sampler's {@code discard_next_to_last_sigma}
     */
    public static PlannedSigmas plan(Scheduler requested, Scheduler samplerDefault, boolean discardPenultimate,
                                     int steps, DiscreteSchedule model, ScheduleSettings settings) {
        if (steps < 1) {
            throw new IllegalArgumentException("steps must be at least 1, got " + steps);
        }
        Map<String, Object> info = new LinkedHashMap<>();
        boolean discard = discardPenultimate;
        if (settings.alwaysDiscardNextToLastSigma() && !discard) {
            discard = true;
            info.put("Discard penultimate sigma", true);
        }
        int n = steps + (discard ? 1 : 0);
        Scheduler scheduler = requested == Scheduler.AUTOMATIC ? samplerDefault : requested;
        double[] sigmas;
        if (scheduler == null || scheduler == Scheduler.AUTOMATIC) {
            sigmas = model.uniformSigmas(n);
        } else {
            sigmas = scheduler.sigmas(n, params(scheduler, model, settings, info));
        }
        if (discard) {
            sigmas = Schedules.discardNextToLast(sigmas);
        }
        return new PlannedSigmas(sigmas, info);
    }

    private static ScheduleParams params(Scheduler s, DiscreteSchedule model, ScheduleSettings st,
                                         Map<String, Object> info) {
        double mMin = model.sigmaMin();
        double mMax = model.sigmaMax();
        double min = st.useOldKarrasSchedulerSigmas() ? 0.1 : mMin;
        double max = st.useOldKarrasSchedulerSigmas() ? 10 : mMax;
        info.put("Schedule type", s.label());
        if (st.sigmaMin() != 0 && st.sigmaMin() != mMin) {
            min = st.sigmaMin();
            info.put("Schedule min sigma", st.sigmaMin());
        }
        if (st.sigmaMax() != 0 && st.sigmaMax() != mMax) {
            max = st.sigmaMax();
            info.put("Schedule max sigma", st.sigmaMax());
        }
        double rho = Double.NaN;
        if (s.defaultRho() != -1 && st.rho() != 0) {
            rho = st.rho();
            info.put("Schedule rho", st.rho());
        }
        if (s == Scheduler.BETA) {
            info.put("Beta schedule alpha", st.betaAlpha());
            info.put("Beta schedule beta", st.betaBeta());
        }
        return new ScheduleParams(min, max, rho, model, st.sdxl(), st.betaAlpha(), st.betaBeta());
    }
}
