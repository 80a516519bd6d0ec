package dev.sdwebui.sampling.schedule;

import java.util.Map;

/**
 * The sigmas of a sampling run and the infotext entries A1111 records for them ("Schedule type",
 * "Schedule min sigma", "Schedule max sigma", "Schedule rho", "Discard penultimate sigma",
 * "Beta schedule alpha/beta").
 */
public record PlannedSigmas(double[] sigmas, Map<String, Object> infotext) {

    public PlannedSigmas {
        sigmas = sigmas.clone();
        infotext = Map.copyOf(infotext);
    }

    @Override
    public double[] sigmas() {
        return sigmas.clone();
    }
}
